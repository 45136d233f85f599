package org.poq.wallet;

/**
 * The JSON-RPC node did not answer. {@link #outcomeUnknown()} is true when a signed transaction may
 * have reached the node before the connection broke: it is kept and re-sent by the next refresh.
 */
public class NodeUnavailableException extends WalletException {
    private final boolean outcomeUnknown;

    public NodeUnavailableException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
