package org.poq.app.serve;

import java.util.concurrent.atomic.AtomicReference;
import org.poq.wallet.WalletLockedException;
import org.poq.wallet.keys.WalletVault;
import org.web3j.crypto.Credentials;

/**
 * Signs with one account of the app's wallet while the wallet stays unlocked. The password is asked
 * once when serving starts; the account's key is held only until the wallet locks (by the user or its
 * auto-lock), then dropped, and every later request is refused until the user unlocks again. See
 * decision 0020 (docs/decisions/0020-serve-openai-endpoint.md, point 3) for why the key is held rather
 * than the password.
 */
public final class VaultSigner implements Signer {
    private final WalletVault vault;
    private final String address;
    private final AtomicReference<Credentials> credentials = new AtomicReference<>();

    private VaultSigner(WalletVault vault, String address) {
        this.vault = vault;
        this.address = address;
    }

    /** Checks the password (wiped afterwards) against an unlocked wallet and starts holding the key. */
    public static VaultSigner unlock(WalletVault vault, String address, char[] password) {
        VaultSigner s = new VaultSigner(vault, address);
        s.credentials.set(vault.withCredentials(address, password, c -> c));
        vault.onLock(() -> s.credentials.set(null));
        return s;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public boolean canSign() {
        // isUnlocked() also applies the idle auto-lock, whose listener drops the key
        return vault.isUnlocked() && credentials.get() != null;
    }

    @Override
    public Credentials credentials() {
        Credentials c = canSign() ? credentials.get() : null;
        if (c == null) {
            throw new WalletLockedException();
        }
        return c;
    }

    /** Stops signing at once, whatever the wallet does. */
    public void forget() {
        credentials.set(null);
    }
}
