package org.poq.app.gui.shell;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.SeedPhrase;
import org.poq.wallet.keys.WalletVault;

/**
 * Holds the app's wallet vault once it is created or opened. Creating and unlocking derive keys
 * (scrypt): call them from background work.
 */
public final class WalletHolder {
    private final Path file;
    private final KdfParams kdf;
    private final Clock clock;
    private volatile WalletVault vault;

    public WalletHolder(Path file, KdfParams kdf, Clock clock) {
        this.file = file;
        this.kdf = kdf;
        this.clock = clock;
    }

    public boolean exists() {
        return WalletVault.exists(file);
    }

    public WalletVault create(SeedPhrase phrase, char[] password, Duration idle) {
        return create(phrase, new char[0], password, idle);
    }

    /** A wallet from the phrase and an optional BIP-39 passphrase (empty for none); returned unlocked. */
    public WalletVault create(SeedPhrase phrase, char[] passphrase, char[] password, Duration idle) {
        vault = WalletVault.create(file, phrase, passphrase, password, 1, kdf, clock, idle);
        return vault;
    }

    /** The scrypt cost new key files get (a light one in tests). */
    public KdfParams kdf() {
        return kdf;
    }

    /** Opens the wallet file, locked; the same vault on later calls. */
    public synchronized WalletVault open(Duration idle) {
        if (vault == null) {
            vault = WalletVault.open(file, clock, idle);
        }
        return vault;
    }

    public Optional<WalletVault> vault() {
        return Optional.ofNullable(vault);
    }

    public WalletVault require() {
        WalletVault v = vault;
        if (v == null) {
            throw new IllegalStateException("no wallet yet: create or restore one first");
        }
        return v;
    }

    public Path file() {
        return file;
    }
}
