package org.poq.network.chain;

import java.io.IOException;
import java.util.Optional;
import org.web3j.protocol.Web3j;
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

    BackoffReceiptProcessor(Web3j web3j, long maxSleepMillis, long timeoutMillis) {
        super(web3j);
        this.web3j = web3j;
        this.maxSleepMillis = Math.max(1, maxSleepMillis);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public TransactionReceipt waitForTransactionReceipt(String transactionHash) throws IOException, TransactionException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long sleep = 1;
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
