package org.poq.wallet;

/**
 * A wallet operation failed for a reason the user can act on. Messages name what failed and why;
 * they never carry a password, a key, a seed word or any other secret.
 */
public class WalletException extends RuntimeException {
    public WalletException(String message) {
        super(message);
    }

    public WalletException(String message, Throwable cause) {
        super(message, cause);
    }
}
