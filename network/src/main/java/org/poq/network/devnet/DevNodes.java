package org.poq.network.devnet;

import java.util.Locale;
import org.poq.network.chain.ChainClient;

/** What kind of development node answers a connection: told by more than the chain id, which Hardhat shares with anvil. */
public final class DevNodes {
    private DevNodes() {
    }

    /** The node's own name and version (web3_clientVersion), such as "anvil/v1.2.3" or "HardhatNetwork/2.29.1/…"; "" if it does not say. */
    public static String clientVersion(ChainClient chain) {
        try {
            Object v = chain.rpc("web3_clientVersion");
            return v == null ? "" : v.toString();
        } catch (IllegalStateException e) {
            return "";
        }
    }

    /** An anvil node on this computer with the devnet's chain id: a throwaway chain like the local devnet. */
    public static boolean isAnvil(ChainClient chain) {
        return chain.chainId() == LocalDevnet.CHAIN_ID && LocalDevnet.loopback(chain.rpcUrl())
                && clientVersion(chain).toLowerCase(Locale.ROOT).startsWith("anvil");
    }
}
