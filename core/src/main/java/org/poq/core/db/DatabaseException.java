package org.poq.core.db;

/** A failed database operation; the message names what failed, never the values written. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
