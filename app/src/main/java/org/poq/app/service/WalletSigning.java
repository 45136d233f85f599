package org.poq.app.service;

import java.util.Arrays;
import java.util.function.Function;
import org.poq.wallet.keys.WalletVault;
import org.web3j.crypto.Credentials;

/**
 * Signing with the wallet from a screen that asks for the password (Ask, Miner, Validator, the
 * endpoint's switch): a wallet that locked itself (auto-lock, the Lock button, a fresh start) is
 * unlocked by the same password, so the user types it once instead of being told "the wallet is
 * locked" and sent to another screen. The password is still checked by the signing step itself.
 */
public final class WalletSigning {
    private WalletSigning() {
    }

    /** Unlocks a locked vault with {@code password}, then runs {@code work} with the account's credentials; the password is wiped. */
    public static <T> T withCredentials(WalletVault vault, String address, char[] password, Function<Credentials, T> work) {
        try {
            unlockIfLocked(vault, password);
            return vault.withCredentials(address, password.clone(), work);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Unlocks a locked vault with a copy of {@code password} (a wrong one throws the wallet's WrongPasswordException). */
    public static void unlockIfLocked(WalletVault vault, char[] password) {
        if (!vault.isUnlocked()) {
            vault.unlock(password.clone());
        }
    }
}
