package org.poq.network.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;
import org.poq.network.contracts.NodeRegistry;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Every address that ever registered, read from the registry's NodeRegistered logs (the registry has
 * no enumeration function; logs are the chain's index).
 */
public final class RegistryLogs {
    private static final String TOPIC = EventEncoder.encode(NodeRegistry.NODEREGISTERED_EVENT);

    private RegistryLogs() {
    }

    public static Set<String> registered(Web3j web3j, String registry, long from, long to) {
        if (to < from) {
            return Set.of();
        }
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), registry);
        filter.addSingleTopic(TOPIC);
        EthLog result;
        try {
            result = web3j.ethGetLogs(filter).send();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry's logs: " + e.getMessage(), e);
        }
        if (result.hasError()) {
            throw new IllegalStateException("the node refused the log query: " + result.getError().getMessage());
        }
        Set<String> out = new LinkedHashSet<>();
        for (EthLog.LogResult<?> r : result.getLogs()) {
            Log log = (Log) r.get();
            String topic = log.getTopics().get(1);
            out.add(Keys.toChecksumAddress(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(topic), 40)));
        }
        return out;
    }
}
