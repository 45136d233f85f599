package org.poq.wallet.transfer;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import org.poq.wallet.NodeUnavailableException;
import org.poq.wallet.WalletException;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;

/** One JSON-RPC call with the node's failures turned into wallet errors that say what was being done. */
final class Rpc {
    private Rpc() {
    }

    static <T> T call(String what, Callable<T> call) {
        try {
            T result = call.call();
            if (result instanceof Response<?> r && r.hasError()) {
                throw new WalletException("the node refused to " + what + ": " + r.getError().getMessage());
            }
            return result;
        } catch (IOException | ClientConnectionException e) {
            throw new NodeUnavailableException("the node does not answer (" + what + "): " + describe(e)
                    + "; nothing was sent", false, e);
        } catch (WalletException e) {
            throw e;
        } catch (Exception e) {
            throw new WalletException("could not " + what + ": " + describe(e), e);
        }
    }

    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        if (refused(e)) {
            return "connection refused (is the node running?)";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
