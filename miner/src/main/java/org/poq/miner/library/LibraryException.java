package org.poq.miner.library;

/** A model that cannot be added to, or found in, the library; the message is meant for the user. */
public class LibraryException extends RuntimeException {
    public LibraryException(String message) {
        super(message);
    }

    public LibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
