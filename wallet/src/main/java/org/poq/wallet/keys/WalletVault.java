package org.poq.wallet.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.poq.wallet.Account;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.Secrets;
import org.poq.wallet.WalletException;
import org.poq.wallet.WrongPasswordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The wallet's secrets at rest: one file holding the BIP-39 seed and any imported keys, each sealed
 * with AES-256-GCM under a key that scrypt derives from the wallet password, plus the public account
 * list. One scrypt per unlock and one per send, however many accounts there are (a V3 file per
 * account would cost one scrypt per account at unlock). Keys leave the vault in V3 keystore files.
 *
 * <p>Every password array handed to the vault is wiped once used. While unlocked the vault keeps
 * only the derived key, never the password ({@link UnlockedKey}, which wipes it once idle). Signing
 * always asks for the password again. The file's layout is {@link VaultFile}'s, the sealing
 * {@link VaultCipher}'s; this class is what a face asks of the wallet's keys.
 */
public final class WalletVault {
    private static final Logger LOG = LoggerFactory.getLogger(WalletVault.class);
    private static final String SEED = "seed";
    private static final String CHECK = "check";
    /** The phrase's word indices, sealed ({@link PhraseBytes}). */
    private static final String PHRASE = "phrase";
    private static final int MIN_PASSWORD = 8;

    private final VaultFile file;
    private final UnlockedKey unlocked;

    private WalletVault(VaultFile file, Clock clock, Duration idleTimeout) {
        this.file = file;
        this.unlocked = new UnlockedKey(this, clock, idleTimeout);
    }

    // ------------------------------------------------------------ lifecycle

    public static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }

    /**
     * Creates a new wallet from a phrase (freshly generated and confirmed, or typed in to restore) with
     * {@code accounts} HD accounts; the vault is returned unlocked. The phrase is not kept: only the
     * seed it gives with the passphrase.
     */
    public static WalletVault create(Path file, SeedPhrase phrase, char[] passphrase, char[] password,
                                     int accounts, KdfParams kdf, Clock clock, Duration idleTimeout) {
        WalletVault vault = createEmpty(file, password, kdf, clock, idleTimeout);
        boolean withPassphrase = passphrase != null && passphrase.length > 0;
        byte[] seed = Mnemonics.seed(phrase, passphrase);
        Secrets.wipe(passphrase);
        byte[] words = PhraseBytes.encode(phrase, withPassphrase);
        try {
            vault.putSecret(SEED, seed);
            vault.putSecret(PHRASE, words);
            for (int i = 0; i < Math.max(1, accounts); i++) {
                vault.addHdAccount(seed, "Account " + (i + 1));
            }
        } finally {
            Secrets.wipe(seed, words);
        }
        vault.file.save();
        LOG.info("wallet created with {} account(s)", vault.accounts().size());
        return vault;
    }

    /** A wallet without a seed, for keys imported from keystore files only; returned unlocked. */
    public static WalletVault createEmpty(Path file, char[] password, KdfParams kdf, Clock clock, Duration idleTimeout) {
        if (exists(file)) {
            throw new WalletException("a wallet already exists at " + file + "; remove or back it up first");
        }
        if (password == null || password.length < MIN_PASSWORD) {
            throw new InvalidInputException("the wallet password must have at least " + MIN_PASSWORD + " characters");
        }
        WalletVault vault = new WalletVault(VaultFile.fresh(file, kdf, VaultCipher.random(32)), clock, idleTimeout);
        synchronized (vault) {
            vault.unlocked.hold(VaultCipher.derive(password, vault.file.kdf()));
            Secrets.wipe(password);
            vault.putSecret(CHECK, new byte[32]);
        }
        vault.file.save();
        return vault;
    }

    /** Opens an existing wallet, locked. */
    public static WalletVault open(Path file, Clock clock, Duration idleTimeout) {
        return new WalletVault(VaultFile.read(file, CHECK), clock, idleTimeout);
    }

    // ------------------------------------------------------------- locking

    /** Unlocks with the wallet password; the password array is wiped. */
    public synchronized void unlock(char[] password) {
        byte[] key;
        try {
            key = derive(password);
        } finally {
            Secrets.wipe(password);
        }
        try {
            open(CHECK, key);
        } catch (WrongPasswordException e) {
            Secrets.wipe(key);
            LOG.info("wallet unlock refused: wrong password");
            throw e;
        }
        unlocked.hold(key);
        LOG.info("wallet unlocked");
    }

    public synchronized void lock() {
        unlocked.lock();
    }

    /** True while unlocked and not idle for longer than the timeout; locks the wallet if it is. */
    public synchronized boolean isUnlocked() {
        return unlocked.present();
    }

    /** Locks the wallet if it has been idle too long; the GUI calls this from a timer. */
    public synchronized void checkIdle() {
        unlocked.checkIdle();
    }

    public synchronized void setIdleTimeout(Duration timeout) {
        unlocked.setIdleTimeout(timeout);
    }

    public synchronized Duration idleTimeout() {
        return unlocked.idleTimeout();
    }

    /** Called (on the calling thread) whenever the wallet locks, by request or when idle. */
    public void onLock(Runnable listener) {
        unlocked.onLock(listener);
    }

    private byte[] requireUnlocked() {
        return unlocked.require();
    }

    // ------------------------------------------------------------- accounts

    public synchronized List<Account> accounts() {
        return file.accounts();
    }

    public synchronized Account account(String address) {
        return accounts().stream().filter(a -> a.address().equalsIgnoreCase(address)).findFirst()
                .orElseThrow(() -> new InvalidInputException("the address " + address + " is not an account of this wallet"));
    }

    public synchronized boolean hasSeed() {
        return file.hasSecret(SEED);
    }

    /** Derives the next HD account (needs the unlocked wallet). */
    public synchronized Account addAccount(String label) {
        byte[] key = requireUnlocked();
        if (!hasSeed()) {
            throw new WalletException("this wallet has no seed phrase: it holds imported keys only");
        }
        byte[] seed = open(SEED, key);
        try {
            Account a = addHdAccount(seed, label);
            file.save();
            return a;
        } finally {
            Secrets.wipe(seed);
        }
    }

    /**
     * The addresses of HD accounts {@code from} .. {@code from + count - 1} without adding them, for
     * account discovery after a restore (needs the unlocked wallet).
     */
    public synchronized List<String> hdAddresses(int from, int count) {
        byte[] key = requireUnlocked();
        if (!hasSeed()) {
            return List.of();
        }
        byte[] seed = open(SEED, key);
        try {
            List<String> out = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                out.add(Keys.toChecksumAddress(Keys.getAddress(Bip44Derivation.derive(seed, i))));
            }
            return out;
        } finally {
            Secrets.wipe(seed);
        }
    }

    /** Adds HD accounts until the one at {@code index} exists (discovery found it used). */
    public synchronized void addAccountsThrough(int index) {
        while (accounts().stream().filter(a -> a.kind() == Account.Kind.HD).mapToInt(Account::index).max().orElse(-1) < index) {
            int n = accounts().size() + 1;
            addAccount("Account " + n);
        }
    }

    /** Whether the recovery phrase can be shown again (wallets made before it was kept hold only the seed). */
    public synchronized boolean hasPhrase() {
        return file.hasSecret(PHRASE);
    }

    /** The recovery phrase and whether a passphrase goes with it. The caller wipes the phrase once shown. */
    public record RevealedPhrase(SeedPhrase phrase, boolean withPassphrase) {
    }

    /**
     * The recovery phrase, after the wallet password is checked again (as for a send). Works only on
     * the unlocked wallet; the password array is wiped.
     */
    public RevealedPhrase revealPhrase(char[] password) {
        byte[] key = null;
        byte[] bytes = null;
        try {
            synchronized (this) {
                requireUnlocked();
                if (!hasPhrase()) {
                    throw new WalletException(hasSeed()
                            ? "this wallet file keeps only the seed, not the phrase (it was made by an older PoQ): keep using your paper copy"
                            : "this wallet holds imported keys only: it has no recovery phrase");
                }
            }
            key = derive(password);
            synchronized (this) {
                open(CHECK, key);
                bytes = open(PHRASE, key);
            }
            SeedPhrase phrase = PhraseBytes.phrase(bytes);
            LOG.info("recovery phrase shown after the password was checked");
            return new RevealedPhrase(phrase, PhraseBytes.withPassphrase(bytes));
        } finally {
            Secrets.wipe(password);
            Secrets.wipe(key, bytes);
        }
    }

    public synchronized void rename(String address, String label) {
        requireUnlocked();
        file.relabel(address, checkLabel(label));
        file.save();
    }

    /** Adds the key of a V3 keystore file (geth, MetaMask...) under the wallet password; needs the unlocked wallet. */
    public synchronized Account importKeystore(Path keystore, char[] keystorePassword, String label) {
        byte[] key = requireUnlocked();
        try (KeystoreFiles.DecryptedKey k = KeystoreFiles.read(keystore, keystorePassword)) {
            return importKey(key, k.privateKey(), label);
        } finally {
            Secrets.wipe(keystorePassword);
        }
    }

    /** Adds a raw 32-byte private key; the caller wipes its array. */
    public synchronized Account importPrivateKey(byte[] privateKey, String label) {
        byte[] key = requireUnlocked();
        if (privateKey.length != 32) {
            throw new InvalidInputException("a private key has 32 bytes");
        }
        return importKey(key, privateKey, label);
    }

    private Account importKey(byte[] vaultKey, byte[] privateKey, String label) {
        String address = Keys.toChecksumAddress(Keys.getAddress(ECKeyPair.create(privateKey)));
        if (accounts().stream().anyMatch(a -> a.address().equalsIgnoreCase(address))) {
            throw new InvalidInputException("the account " + address + " is already in this wallet");
        }
        file.putSecret(keyId(address), VaultCipher.seal(keyId(address), privateKey, vaultKey));
        Account a = new Account(address, checkLabel(label), Account.Kind.IMPORTED, -1);
        file.append(a);
        file.save();
        LOG.info("imported account {}", address);
        return a;
    }

    /**
     * Writes the account's key as a standard V3 keystore file (for geth or MetaMask) into {@code dir},
     * protected by {@code exportPassword}. Asks for the wallet password again.
     */
    public Path exportKeystore(String address, char[] walletPassword, char[] exportPassword, Path dir, KdfParams kdf) {
        try {
            if (exportPassword == null || exportPassword.length < MIN_PASSWORD) {
                throw new InvalidInputException("the keystore password must have at least " + MIN_PASSWORD + " characters");
            }
            return withPrivateKey(address, walletPassword, key -> KeystoreFiles.write(dir, key, exportPassword, kdf));
        } finally {
            Secrets.wipe(walletPassword, exportPassword);
        }
    }

    /**
     * Runs {@code work} with the account's credentials after checking the wallet password again (every
     * send asks for it). The key bytes are wiped when it returns; do not keep the credentials.
     */
    public <T> T withCredentials(String address, char[] password, Function<Credentials, T> work) {
        return withPrivateKey(address, password, key -> work.apply(Credentials.create(ECKeyPair.create(key))));
    }

    private <T> T withPrivateKey(String address, char[] password, Function<byte[], T> work) {
        Account account;
        byte[] key;
        try {
            synchronized (this) {
                requireUnlocked();
                account = account(address);
            }
            // scrypt outside the lock: it takes a second and must not freeze balance reads.
            key = derive(password);
        } finally {
            Secrets.wipe(password);
        }
        byte[] secret = null;
        byte[] privateKey = null;
        try {
            synchronized (this) {
                open(CHECK, key);
                secret = open(account.kind() == Account.Kind.HD ? SEED : keyId(account.address()), key);
            }
            if (account.kind() == Account.Kind.HD) {
                ECKeyPair pair = Bip44Derivation.derive(secret, account.index());
                privateKey = Secrets.privateKeyBytes(pair.getPrivateKey());
            } else {
                privateKey = secret.clone();
            }
            return work.apply(privateKey);
        } finally {
            Secrets.wipe(key, secret, privateKey);
        }
    }

    // ------------------------------------------------------------- internals

    private Account addHdAccount(byte[] seed, String label) {
        int next = accounts().stream().filter(a -> a.kind() == Account.Kind.HD).mapToInt(Account::index).max().orElse(-1) + 1;
        ECKeyPair pair = Bip44Derivation.derive(seed, next);
        Account a = new Account(Keys.toChecksumAddress(Keys.getAddress(pair)), checkLabel(label), Account.Kind.HD, next);
        file.append(a);
        return a;
    }

    private static String checkLabel(String label) {
        if (label == null || label.isBlank() || label.length() > 64) {
            throw new InvalidInputException("an account name has 1 to 64 characters");
        }
        return label.strip();
    }

    private static String keyId(String address) {
        return "key:" + address.toLowerCase(Locale.ROOT);
    }

    private byte[] derive(char[] password) {
        return VaultCipher.derive(password, file.kdf());
    }

    private void putSecret(String id, byte[] plain) {
        file.putSecret(id, VaultCipher.seal(id, plain, requireUnlocked()));
    }

    /** Opens one sealed secret: a failed tag on the check is a wrong password, on any other a damaged file. */
    private byte[] open(String id, byte[] key) {
        VaultFile.Sealed sealed = file.secret(id).orElseThrow(() -> new InvalidKeystoreException(
                "the wallet file lacks a secret it lists; restore it from a backup or from the seed phrase"));
        try {
            return VaultCipher.open(id, sealed, key);
        } catch (VaultCipher.Failure e) {
            if (CHECK.equals(id)) {
                throw new WrongPasswordException("wrong wallet password");
            }
            throw new InvalidKeystoreException("the wallet file is damaged: a sealed secret fails its integrity check");
        }
    }

    public Path file() {
        return file.path();
    }
}
