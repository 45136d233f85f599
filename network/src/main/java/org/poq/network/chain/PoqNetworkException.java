package org.poq.network.chain;

/** A protocol action failed: the node is unreachable, or the chain answered with an error. */
public class PoqNetworkException extends RuntimeException {
    public PoqNetworkException(String message) {
        super(message);
    }

    public PoqNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
