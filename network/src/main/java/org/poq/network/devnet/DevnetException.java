package org.poq.network.devnet;

/** The local devnet could not be started, reached or stopped; the message says what to do. */
public class DevnetException extends RuntimeException {
    public DevnetException(String message) {
        super(message);
    }

    public DevnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
