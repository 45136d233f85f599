package org.poq.wallet;

/** The operation needs the unlocked wallet (it was never unlocked, was locked, or locked itself when idle). */
public class WalletLockedException extends WalletException {
    public WalletLockedException() {
        super("the wallet is locked: unlock it with its password first");
    }
}
