package org.poq.app.gui.shell;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.poq.app.service.Problems;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.chain.TransactionRevertedException;
import org.poq.wallet.WrongPasswordException;

/** Turns a failure into one sentence for the user; the domain modules already word most of them. */
public final class Errors {
    /** What a wrong password is told as: the wallet screen's parts match it to show it beside the password field. */
    public static final String WRONG_PASSWORD = "Wrong password.";

    private Errors() {
    }

    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static String message(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof WrongPasswordException) {
            return WRONG_PASSWORD;
        }
        if (e instanceof TransactionRevertedException) {
            return "The transaction was reverted: " + Problems.describe(e);
        }
        if (e instanceof NodeUnreachableException || hasCause(e, ConnectException.class)) {
            return "The network node cannot be reached: " + Problems.describe(e);
        }
        return Problems.describe(e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
