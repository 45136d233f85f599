package org.poq.network.devnet;

import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The devnet's well-known accounts: anvil's test mnemonic at m/44'/60'/0'/0/i, the same addresses as
 * every other Ethereum tool shows for it. Public keys with no real value: local use only.
 */
public final class LocalAccounts {
    private static final int HARDENED = 0x80000000;

    private LocalAccounts() {
    }

    public static Credentials account(int index) {
        byte[] seed = MnemonicUtils.generateSeed(AnvilOptions.TEST_MNEMONIC, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
    }

    public static List<Credentials> accounts(int from, int count) {
        List<Credentials> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(account(i));
        }
        return out;
    }
}
