package org.poq.network.chain;

import java.io.IOException;
import java.util.Optional;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * Waits for a receipt by polling at once, then after 2, 4, 8 ... ms up to the connection's polling
 * interval: a local node mines in milliseconds and should feel instant, while a public chain is not
 * polled harder than the interval.
 */
final class BackoffReceiptProcessor extends TransactionReceiptProcessor {
    private final Web3j web3j;
    private final long maxSleepMillis;
    private final long timeoutMillis;

    /**
     * A transaction the node no longer knows (neither mined nor pending) at this many checks in a row,
     * a polling interval apart, is reported as dropped instead of waited for until the timeout: on a
     * chain that reorganised, its block is gone and the transaction may never come back.
     */
    private static final int MISSING_CHECKS = 5;

    BackoffReceiptProcessor(Web3j web3j, long maxSleepMillis, long timeoutMillis) {
        super(web3j);
        this.web3j = web3j;
        this.maxSleepMillis = Math.max(1, maxSleepMillis);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Whether the transaction can no longer be mined as it is: the node does not know it (its block was
     * dropped), or it waits behind a nonce that no transaction fills any more (an earlier transaction
     * of the account was dropped after this one was signed).
     */
    private boolean forgotten(String hash) throws IOException {
        var response = web3j.ethGetTransactionByHash(hash).send();
        if (response.hasError()) {
            return false;
        }
        var tx = response.getTransaction();
        if (tx.isEmpty()) {
            return true;
        }
        if (tx.get().getBlockHash() != null || tx.get().getFrom() == null) {
            return false;
        }
        var next = web3j.ethGetTransactionCount(tx.get().getFrom(), DefaultBlockParameterName.PENDING).send();
        return !next.hasError() && tx.get().getNonce().compareTo(next.getTransactionCount()) > 0;
    }

    @Override
    public TransactionReceipt waitForTransactionReceipt(String transactionHash) throws IOException, TransactionException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long sleep = 1;
        int missing = 0;
        while (true) {
            EthGetTransactionReceipt response = web3j.ethGetTransactionReceipt(transactionHash).send();
            if (response.hasError()) {
                throw new TransactionException("cannot read the receipt of " + transactionHash + ": "
                        + response.getError().getMessage());
            }
            Optional<TransactionReceipt> receipt = response.getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            if (sleep >= maxSleepMillis && forgotten(transactionHash)) {
                if (++missing >= MISSING_CHECKS) {
                    throw new TransactionException("the transaction " + transactionHash + " is gone from the node: "
                            + "its block was dropped by a reorganisation, or it waits behind a dropped one; it can be sent again",
                            transactionHash);
                }
            } else {
                missing = 0;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new TransactionException("no receipt for " + transactionHash + " after " + timeoutMillis / 1000
                        + " s: it may still be mined later", transactionHash);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransactionException("interrupted while waiting for " + transactionHash, transactionHash);
            }
            sleep = Math.min(maxSleepMillis, sleep * 2);
        }
    }
}
