package org.poq.network.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.RawTransactionManager;

/**
 * Signs locally and, before every send, asks the node to estimate the gas. The estimate doubles as a
 * dry run: a call the contract would reject fails here with its revert reason, before any fee is
 * spent. Sends from one account take their turn in its {@link AccountQueue} (every transaction
 * manager of the account, in this process and in others on the same data folder), so the nonce read
 * from the node's pending count is never taken twice.
 */
public final class EstimatingTransactionManager extends RawTransactionManager {
    private static final BigInteger HEADROOM_NUM = BigInteger.valueOf(125);
    private static final BigInteger HEADROOM_DEN = BigInteger.valueOf(100);

    private final Web3j web3j;
    private final String from;
    private final long chainId;
    private final ThreadLocal<Long> gasFloor = new ThreadLocal<>();

    public EstimatingTransactionManager(Web3j web3j, Credentials credentials, long chainId, long pollMillis) {
        super(web3j, credentials, chainId, new BackoffReceiptProcessor(web3j, pollMillis, 120_000));
        this.web3j = web3j;
        this.from = credentials.getAddress();
        this.chainId = chainId;
    }

    @Override
    public EthSendTransaction sendTransaction(BigInteger gasPrice, BigInteger gasLimit, String to, String data,
                                              BigInteger value, boolean constructor) throws IOException {
        try (var turn = AccountQueue.hold(chainId, from)) {
            return send(to, data, value, constructor);
        }
    }

    private EthSendTransaction send(String to, String data, BigInteger value, boolean constructor) throws IOException {
        BigInteger price = web3j.ethGasPrice().send().getGasPrice();
        BigInteger limit = estimate(to, data, value);
        Long floor = gasFloor.get();
        if (floor != null && limit.longValue() < floor) {
            limit = BigInteger.valueOf(floor);
        }
        return super.sendTransaction(price, limit, to, data, value, constructor);
    }

    /**
     * Runs a send whose gas use depends on what lands before it in the same block. The dry run sees the
     * chain as it is now; if other participants' transactions land first, this one may take the
     * expensive path (the last score reveal runs finalize), so its gas limit must cover that path.
     */
    public <T> T withGasFloor(long floor, Callable<T> send) throws Exception {
        gasFloor.set(floor);
        try {
            return send.call();
        } finally {
            gasFloor.remove();
        }
    }

    private BigInteger estimate(String to, String data, BigInteger value) throws IOException {
        Transaction call = new Transaction(from, null, null, null, to, value, data);
        EthEstimateGas estimate = web3j.ethEstimateGas(call).send();
        if (estimate.hasError()) {
            String message = estimate.getError().getMessage();
            throw new TransactionRevertedException("the transaction",
                    RevertReasons.extract(message).orElse(message));
        }
        return estimate.getAmountUsed().multiply(HEADROOM_NUM).divide(HEADROOM_DEN).add(BigInteger.valueOf(10_000));
    }
}
