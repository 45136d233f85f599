package org.poq.wallet.keys;

import org.poq.wallet.Account;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.ECKeyPair;

/**
 * BIP-32/44 derivation on Ethereum's path m/44'/60'/0'/0/i, the one MetaMask, Ledger, geth and
 * anvil use, so a restored phrase shows the same addresses everywhere. (web3j's
 * loadBip39Credentials returns the master key itself, which no other wallet shows.)
 */
public final class Bip44Derivation {
    private static final int HARDENED = 0x80000000;

    private Bip44Derivation() {
    }

    public static String path(int index) {
        return Account.hdPath(index);
    }

    public static ECKeyPair derive(byte[] seed, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("account index must not be negative");
        }
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        return Bip32ECKeyPair.deriveKeyPair(master, new int[]{44 | HARDENED, 60 | HARDENED, HARDENED, 0, index});
    }
}
