package org.poq.wallet.transfer;

import java.util.function.Supplier;
import org.poq.network.chain.ChainPort;
import org.poq.network.chain.ChainPort.At;

/**
 * The next nonce of an account: the node's pending count, or one past the highest nonce of this
 * wallet's own open transactions if that is higher. The stored ones matter after a restart or when a
 * node forgot a transaction (restarted, evicted it): reusing its nonce would silently replace it.
 */
public final class NonceTracker {
    private final ChainPort port;
    private final Supplier<String> network;
    private final PendingTxStore store;

    public NonceTracker(ChainPort port, Supplier<String> network, PendingTxStore store) {
        this.port = port;
        this.network = network;
        this.store = store;
    }

    public long next(String from) {
        return Math.max(port.transactionCount(from, At.pending()), store.maxOpenNonce(network.get(), from) + 1);
    }

    /** Transactions mined so far from the account: every nonce below it is used for good. */
    public long mined(String from) {
        return port.transactionCount(from, At.latest());
    }
}
