package org.poq.network.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.poq.network.chain.ChainClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Transactions the way an attacker sends them: signed with a fixed gas limit and no dry run, so a
 * call that reverts is mined as a failed transaction (the client's own sends refuse before spending gas).
 */
public final class RawTx {
    private static final BigInteger GAS = BigInteger.valueOf(5_000_000);

    private final ChainClient chain;

    public RawTx(ChainClient chain) {
        this.chain = chain;
    }

    public TransactionReceipt send(Credentials from, String to, String data) {
        try {
            var receipts = new PollingTransactionReceiptProcessor(chain.web3j(), 20, 500);
            var tx = new RawTransactionManager(chain.web3j(), from, chain.chainId(), receipts);
            BigInteger price = chain.web3j().ethGasPrice().send().getGasPrice();
            var sent = tx.sendTransaction(price.multiply(BigInteger.TWO), GAS, to, data, BigInteger.ZERO);
            if (sent.hasError()) {
                throw new IllegalStateException("send refused: " + sent.getError().getMessage());
            }
            return receipts.waitForTransactionReceipt(sent.getTransactionHash());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.web3j.protocol.exceptions.TransactionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends without waiting for a receipt, with {@code gas} as the limit: for several transactions that
     * must land in one block (automine off), fetched afterwards with {@link #receipt}.
     */
    public String sendOnly(Credentials from, String to, String function, List<Type> args, long gas) {
        try {
            var tx = new RawTransactionManager(chain.web3j(), from, chain.chainId());
            BigInteger price = chain.web3j().ethGasPrice().send().getGasPrice();
            var sent = tx.sendTransaction(price.multiply(BigInteger.TWO), BigInteger.valueOf(gas), to,
                    FunctionEncoder.encode(new Function(function, args, List.of())), BigInteger.ZERO);
            if (sent.hasError()) {
                throw new IllegalStateException("send refused: " + sent.getError().getMessage());
            }
            return sent.getTransactionHash();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TransactionReceipt receipt(String hash) {
        try {
            return new PollingTransactionReceiptProcessor(chain.web3j(), 20, 500).waitForTransactionReceipt(hash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.web3j.protocol.exceptions.TransactionException e) {
            throw new IllegalStateException(e);
        }
    }

    public TransactionReceipt call(Credentials from, String to, String function, List<Type> args) {
        return send(from, to, FunctionEncoder.encode(new Function(function, args, List.of())));
    }

    /** What the node says a call would revert with (null if it would succeed). */
    public String revertReason(String from, String to, String function, List<Type> args) {
        try {
            var r = chain.web3j().ethCall(org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                    from, to, FunctionEncoder.encode(new Function(function, args, List.of()))),
                    org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send();
            if (r.hasError()) {
                return r.getError().getMessage() + " " + r.getError().getData();
            }
            return r.isReverted() ? r.getRevertReason() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deploys a test contract whose bytecode lies at org/poq/network/attacks/NAME.bin on the test class path. */
    public String deploy(Credentials from, String name) {
        TransactionReceipt r = send(from, null, "0x" + resource("org/poq/network/attacks/" + name + ".bin").trim());
        if (!r.isStatusOK() || r.getContractAddress() == null) {
            throw new IllegalStateException("deploying " + name + " failed");
        }
        return r.getContractAddress();
    }

    private static String resource(String path) {
        try (InputStream in = RawTx.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path + ": run network/scripts/compile-contracts.mjs");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
