package org.poq.network.chain;

/**
 * The JSON-RPC node did not answer: the one "node down" error of every module (network, wallet).
 * {@link #outcomeUnknown()} is true when a signed transaction may have reached the node before the
 * connection broke (the wallet keeps it and re-sends it on its next refresh); false when nothing was sent.
 */
public class NodeUnreachableException extends PoqNetworkException {
    private final boolean outcomeUnknown;

    public NodeUnreachableException(String message, Throwable cause) {
        this(message, false, cause);
    }

    public NodeUnreachableException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
