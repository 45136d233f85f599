package org.poq.network.devnet;

import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;

/**
 * The local devnet's tap: a new wallet there starts empty, so it is given test ETH for gas (anvil's
 * own balance override) and POQ from the deployer's supply. Only anvil answers anvil_setBalance and
 * only the devnet's deployer key holds that supply, so it cannot move money on a real chain.
 */
public final class DevnetFaucet {
    public static final TokenAmount ETH_GRANT = TokenAmount.ofTokens(100);
    public static final TokenAmount POQ_GRANT = TokenAmount.ofTokens(10_000);

    private DevnetFaucet() {
    }

    public record Grant(TokenAmount eth, TokenAmount poq) {
    }

    /**
     * Tops the address up to {@link #ETH_GRANT} and gives it {@link #POQ_GRANT}; refuses any chain
     * but the local devnet's.
     */
    public static Grant fund(PoqNetwork net, String address) {
        if (!LocalDevnet.isLocal(net.descriptor())) {
            throw new DevnetException("test tokens exist only on the local devnet (chain " + LocalDevnet.CHAIN_ID
                    + "), not on chain " + net.descriptor().chainId());
        }
        TokenAmount eth = net.nativeBalance(address);
        if (eth.compareTo(ETH_GRANT) < 0) {
            net.rpc("anvil_setBalance", address, "0x" + ETH_GRANT.wei().toString(16));
        }
        net.session(LocalAccounts.account(0)).transferPoq(address, POQ_GRANT);
        return new Grant(eth.compareTo(ETH_GRANT) < 0 ? ETH_GRANT.minus(eth) : TokenAmount.ZERO, POQ_GRANT);
    }
}
