package org.poq.miner.catalog;

/** A catalog that cannot be read, or a name or quantisation it does not have; the message is for the user. */
public final class CatalogException extends IllegalArgumentException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
