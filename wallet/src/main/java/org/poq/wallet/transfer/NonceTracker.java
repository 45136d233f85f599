package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.util.function.Supplier;
import org.poq.network.chain.Calls;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The next nonce of an account: the node's pending count, or one past the highest nonce of this
 * wallet's own open transactions if that is higher. The stored ones matter after a restart or when a
 * node forgot a transaction (restarted, evicted it): reusing its nonce would silently replace it.
 */
public final class NonceTracker {
    private final Web3j web3j;
    private final Supplier<String> network;
    private final PendingTxStore store;

    public NonceTracker(Web3j web3j, Supplier<String> network, PendingTxStore store) {
        this.web3j = web3j;
        this.network = network;
        this.store = store;
    }

    public long next(String from) {
        BigInteger chain = Calls.rpc("read the account's nonce",
                () -> web3j.ethGetTransactionCount(from, DefaultBlockParameterName.PENDING).send()).getTransactionCount();
        return Math.max(chain.longValueExact(), store.maxOpenNonce(network.get(), from) + 1);
    }

    /** Transactions mined so far from the account: every nonce below it is used for good. */
    public long mined(String from) {
        return Calls.rpc("read the account's nonce",
                () -> web3j.ethGetTransactionCount(from, DefaultBlockParameterName.LATEST).send()).getTransactionCount().longValueExact();
    }
}
