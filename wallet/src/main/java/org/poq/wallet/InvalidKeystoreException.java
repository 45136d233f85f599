package org.poq.wallet;

/** A keystore or vault file is unreadable: malformed, truncated, of an unknown format or tampered with. */
public class InvalidKeystoreException extends WalletException {
    public InvalidKeystoreException(String message) {
        super(message);
    }

    public InvalidKeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
