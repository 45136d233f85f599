package org.poq.network.chain;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.exceptions.ContractCallException;

/** Runs one chain call and turns web3j's many failure shapes into the three that callers handle. */
public final class Calls {
    private Calls() {
    }

    public static <T> T run(String action, Callable<T> call) {
        try {
            return call.call();
        } catch (PoqNetworkException e) {
            if (e instanceof TransactionRevertedException r) {
                throw new TransactionRevertedException(action, r.reason());
            }
            throw e;
        } catch (ContractCallException | TransactionException e) {
            if (e instanceof ContractCallException && asksForAMissingBlock(e.getMessage())) {
                // Not a revert: the node was asked for state at a block it does not have. It lags the node
                // that told us the head, or a reorganisation just took that block away. Callers retry an
                // unreachable node; a revert would end the work for good.
                throw new NodeUnreachableException(action + " failed: the node does not have the block it was asked "
                        + "about yet (it lags, or the chain just reorganised)", e);
            }
            throw new TransactionRevertedException(action,
                    RevertReasons.extract(e.getMessage()).orElse(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw new NodeUnreachableException(action + " failed: the node does not answer ("
                    + ChainClient.describe(e) + ")", e);
        } catch (RuntimeException e) {
            if (rootIs(e, ConnectException.class) || rootIs(e, IOException.class)) {
                throw new NodeUnreachableException(action + " failed: the node does not answer ("
                        + ChainClient.describe(e) + ")", e);
            }
            throw new PoqNetworkException(action + " failed: " + plain(e), e);
        } catch (Exception e) {
            throw new PoqNetworkException(action + " failed: " + plain(e), e);
        }
    }

    /**
     * One raw JSON-RPC request (a balance, a block, a receipt, logs, a raw send) in the same vocabulary
     * as {@link #run}: the node's error answer is a {@link PoqNetworkException} ("the node refused to
     * read logs: ..."), silence a {@link NodeUnreachableException} that says nothing was sent.
     */
    public static <T> T rpc(String what, Callable<T> call) {
        try {
            T result = call.call();
            if (result instanceof Response<?> r && r.hasError()) {
                throw new PoqNetworkException("the node refused to " + what + ": " + r.getError().getMessage());
            }
            return result;
        } catch (IOException | ClientConnectionException e) {
            throw new NodeUnreachableException("the node does not answer (" + what + "): " + describe(e)
                    + "; nothing was sent", false, e);
        } catch (RuntimeException e) {
            if (ownError(e)) {
                throw e; // the caller's own verdict inside the call (a wallet's "the transaction would fail")
            }
            throw new PoqNetworkException("could not " + what + ": " + describe(e), e);
        } catch (Exception e) {
            throw new PoqNetworkException("could not " + what + ": " + describe(e), e);
        }
    }

    /** An error a caller raised on purpose (its own or ours), not the JDK's or web3j's on an odd answer. */
    private static boolean ownError(RuntimeException e) {
        String type = e.getClass().getName();
        return e instanceof PoqNetworkException || !(type.startsWith("java.") || type.startsWith("org.web3j."));
    }

    /** Whether the connection was refused outright (nothing listens): a request that surely did not reach the node. */
    public static boolean connectionRefused(Throwable e) {
        return rootIs(e, ConnectException.class);
    }

    /** A transport failure in words: "connection refused (is the node running?)", or the root cause's message. */
    public static String describe(Throwable e) {
        return connectionRefused(e) ? "connection refused (is the node running?)" : ChainClient.describe(e);
    }

    /**
     * How nodes say they do not have a requested block: anvil "BlockOutOfRangeError: block height is 65 but
     * requested was 66", geth and its forks "header not found", others "unknown block".
     */
    static boolean asksForAMissingBlock(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("blockoutofrange") || m.contains("header not found") || m.contains("unknown block");
    }

    /**
     * A message a user can read. A node that answers with a missing field (a block it does not have yet,
     * a load balancer's odd reply) surfaces here as a null dereference or a bad cast, whose text names
     * Java classes: say what happened instead.
     */
    static String plain(Exception e) {
        if (e.getMessage() == null || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException) {
            return "the node's answer was incomplete or not what an Ethereum node sends";
        }
        return e.getMessage();
    }

    /** Sends a transaction and requires a successful receipt. */
    public static TransactionReceipt send(String action, Callable<TransactionReceipt> call) {
        TransactionReceipt receipt = run(action, call);
        if (!receipt.isStatusOK()) {
            throw new TransactionRevertedException(action,
                    receipt.getRevertReason() != null ? receipt.getRevertReason() : "reverted without a reason");
        }
        return receipt;
    }

    private static boolean rootIs(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
