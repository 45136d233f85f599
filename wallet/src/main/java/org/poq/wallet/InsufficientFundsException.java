package org.poq.wallet;

/** The account cannot pay the amount plus the fee; nothing was signed or sent. */
public class InsufficientFundsException extends WalletException {
    public InsufficientFundsException(String message) {
        super(message);
    }
}
