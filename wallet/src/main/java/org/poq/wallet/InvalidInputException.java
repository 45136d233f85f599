package org.poq.wallet;

/** User input (an address, an amount, a phrase, a name) was rejected before anything was done. */
public class InvalidInputException extends WalletException {
    public InvalidInputException(String message) {
        super(message);
    }
}
