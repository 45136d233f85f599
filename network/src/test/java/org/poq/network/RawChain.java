package org.poq.network;

import org.poq.network.chain.ChainClient;

/**
 * The raw client behind a connection, for tests only: they drive a dev chain (anvil_mine,
 * evm_snapshot), load contracts as an attacker would and read raw receipts. Production code outside
 * the network module reads through {@link PoqNetwork#port()}, which is why {@code chain()} is not public.
 */
public final class RawChain {
    private RawChain() {
    }

    public static ChainClient of(PoqNetwork network) {
        return network.chain();
    }
}
