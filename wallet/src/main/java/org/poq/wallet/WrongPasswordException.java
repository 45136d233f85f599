package org.poq.wallet;

/** The password (or keystore password) does not open the secret. */
public class WrongPasswordException extends WalletException {
    public WrongPasswordException(String message) {
        super(message);
    }
}
