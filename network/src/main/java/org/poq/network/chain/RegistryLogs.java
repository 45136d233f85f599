package org.poq.network.chain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.poq.network.contracts.NodeRegistry;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Every address that ever registered, read from the registry's NodeRegistered logs (the registry has
 * no enumeration function; logs are the chain's index). Paged like the market's logs: a public
 * endpoint that caps a query's block range or result count is read under its cap.
 */
public final class RegistryLogs {
    private static final String TOPIC = EventEncoder.encode(NodeRegistry.NODEREGISTERED_EVENT);

    private final LogPager pager;

    public RegistryLogs(Web3j web3j, String registry, long initialPage, long maxPage) {
        this.pager = new LogPager(web3j, registry, List.of(TOPIC), initialPage, maxPage);
    }

    public Set<String> registered(long from, long to) {
        if (to < from) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Log log : pager.readAll(from, to)) {
            String topic = log.getTopics().get(1);
            out.add(Keys.toChecksumAddress(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(topic), 40)));
        }
        return out;
    }
}
