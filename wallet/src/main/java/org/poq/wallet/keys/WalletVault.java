package org.poq.wallet.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import org.poq.wallet.Account;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.Secrets;
import org.poq.wallet.WalletException;
import org.poq.wallet.WalletLockedException;
import org.poq.wallet.WrongPasswordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The wallet's secrets at rest: one file holding the BIP-39 seed and any imported keys, each sealed
 * with AES-256-GCM under a key that scrypt derives from the wallet password, plus the public account
 * list. One scrypt per unlock and one per send, however many accounts there are (a V3 file per
 * account would cost one scrypt per account at unlock). Keys leave the vault in V3 keystore files.
 *
 * <p>Every password array handed to the vault is wiped once used. While unlocked the vault keeps
 * only the derived key, never the password; it locks itself once
 * {@code idleTimeout} passes without use (measured on the injected clock) and wipes that key. Signing
 * always asks for the password again.
 */
public final class WalletVault {
    private static final Logger LOG = LoggerFactory.getLogger(WalletVault.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FORMAT = "poq-wallet-vault";
    private static final String SEED = "seed";
    private static final String CHECK = "check";
    /** The phrase's word indices (two bytes each) after one flag byte: 1 when a BIP-39 passphrase was used. */
    private static final String PHRASE = "phrase";
    /** One daemon thread for every vault's auto-lock timer: it only compares times and wipes a key. */
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wallet-auto-lock");
                t.setDaemon(true);
                return t;
            });
    private static final int MIN_PASSWORD = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Clock clock;
    private final ObjectNode state;
    private final List<Runnable> lockListeners = new CopyOnWriteArrayList<>();
    private Duration idleTimeout;
    private byte[] unlockedKey;
    private Instant lastUse;
    private java.util.concurrent.ScheduledFuture<?> autoLock;

    private WalletVault(Path file, ObjectNode state, Clock clock, Duration idleTimeout) {
        this.file = file;
        this.state = state;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
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
        byte[] words = phraseBytes(phrase, withPassphrase);
        try {
            vault.putSecret(SEED, seed);
            vault.putSecret(PHRASE, words);
            for (int i = 0; i < Math.max(1, accounts); i++) {
                vault.addHdAccount(seed, "Account " + (i + 1));
            }
        } finally {
            Secrets.wipe(seed, words);
        }
        vault.save();
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
        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT);
        state.put("version", 1);
        ObjectNode k = state.putObject("kdf");
        k.put("name", "scrypt");
        k.put("n", kdf.n());
        k.put("r", kdf.r());
        k.put("p", kdf.p());
        k.put("salt", Numeric.toHexStringNoPrefix(random(32)));
        state.putObject("secrets");
        state.putArray("accounts");
        WalletVault vault = new WalletVault(file, state, clock, idleTimeout);
        vault.unlockedKey = vault.derive(password);
        Secrets.wipe(password);
        vault.lastUse = clock.instant();
        vault.scheduleAutoLock(idleTimeout);
        vault.putSecret(CHECK, new byte[32]);
        vault.save();
        return vault;
    }

    /** Opens an existing wallet, locked. */
    public static WalletVault open(Path file, Clock clock, Duration idleTimeout) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WalletException("cannot read the wallet file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidKeystoreException("the wallet file " + file.getFileName()
                    + " is damaged (malformed or truncated JSON); restore it from a backup or from the seed phrase");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
                || !root.path("secrets").has(CHECK) || !root.path("accounts").isArray()) {
            throw new InvalidKeystoreException("the wallet file " + file.getFileName()
                    + " is damaged or not a PoQ wallet; restore it from a backup or from the seed phrase");
        }
        return new WalletVault(file, (ObjectNode) root, clock, idleTimeout);
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
        Secrets.wipe(unlockedKey);
        unlockedKey = key;
        lastUse = clock.instant();
        scheduleAutoLock(idleTimeout);
        LOG.info("wallet unlocked");
    }

    /**
     * Auto-lock fires on its own: a timer checks when the idle time would end and locks then, so the
     * key is wiped even if nothing asks the wallet anything (the window left open overnight). Each
     * use moves {@code lastUse}; the timer re-arms for the time left.
     */
    private void scheduleAutoLock(Duration delay) {
        if (autoLock != null) {
            autoLock.cancel(false);
        }
        long millis = Math.max(1, delay.toMillis());
        autoLock = TIMER.schedule(this::autoLockTick, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private synchronized void autoLockTick() {
        if (unlockedKey == null) {
            return;
        }
        Duration left = idleTimeout.minus(Duration.between(lastUse, clock.instant()));
        if (left.isNegative() || left.isZero()) {
            checkIdle();
        } else {
            scheduleAutoLock(left);
        }
    }

    public synchronized void lock() {
        if (autoLock != null) {
            autoLock.cancel(false);
            autoLock = null;
        }
        if (unlockedKey != null) {
            Secrets.wipe(unlockedKey);
            unlockedKey = null;
            LOG.info("wallet locked");
            lockListeners.forEach(Runnable::run);
        }
    }

    /** True while unlocked and not idle for longer than the timeout; locks the wallet if it is. */
    public synchronized boolean isUnlocked() {
        checkIdle();
        return unlockedKey != null;
    }

    /** Locks the wallet if it has been idle too long; the GUI calls this from a timer. */
    public synchronized void checkIdle() {
        if (unlockedKey != null && !Duration.between(lastUse, clock.instant()).minus(idleTimeout).isNegative()) {
            LOG.info("wallet idle for {} s: locking", idleTimeout.toSeconds());
            lock();
        }
    }

    public synchronized void setIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("the auto-lock time must be positive");
        }
        this.idleTimeout = timeout;
        if (unlockedKey != null) {
            scheduleAutoLock(Duration.ofMillis(1));
        }
    }

    public synchronized Duration idleTimeout() {
        return idleTimeout;
    }

    /** Called (on the calling thread) whenever the wallet locks, by request or when idle. */
    public void onLock(Runnable listener) {
        lockListeners.add(listener);
    }

    private byte[] requireUnlocked() {
        checkIdle();
        if (unlockedKey == null) {
            throw new WalletLockedException();
        }
        lastUse = clock.instant();
        return unlockedKey;
    }

    // ------------------------------------------------------------- accounts

    public synchronized List<Account> accounts() {
        List<Account> out = new ArrayList<>();
        for (JsonNode a : state.withArray("accounts")) {
            out.add(new Account(a.path("address").asText(), a.path("label").asText(),
                    Account.Kind.valueOf(a.path("kind").asText()), a.path("index").asInt(-1)));
        }
        return out;
    }

    public synchronized Account account(String address) {
        return accounts().stream().filter(a -> a.address().equalsIgnoreCase(address)).findFirst()
                .orElseThrow(() -> new InvalidInputException("the address " + address + " is not an account of this wallet"));
    }

    public synchronized boolean hasSeed() {
        return state.path("secrets").has(SEED);
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
            save();
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
        return state.path("secrets").has(PHRASE);
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
            int[] indices = new int[(bytes.length - 1) / 2];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = ((bytes[1 + 2 * i] & 0xff) << 8) | (bytes[2 + 2 * i] & 0xff);
            }
            SeedPhrase phrase = new SeedPhrase(indices);
            java.util.Arrays.fill(indices, 0);
            LOG.info("recovery phrase shown after the password was checked");
            return new RevealedPhrase(phrase, bytes[0] == 1);
        } finally {
            Secrets.wipe(password);
            Secrets.wipe(key, bytes);
        }
    }

    private static byte[] phraseBytes(SeedPhrase phrase, boolean withPassphrase) {
        int[] idx = phrase.indices();
        byte[] out = new byte[1 + 2 * idx.length];
        out[0] = (byte) (withPassphrase ? 1 : 0);
        for (int i = 0; i < idx.length; i++) {
            out[1 + 2 * i] = (byte) (idx[i] >> 8);
            out[2 + 2 * i] = (byte) idx[i];
        }
        java.util.Arrays.fill(idx, 0);
        return out;
    }

    public synchronized void rename(String address, String label) {
        requireUnlocked();
        ObjectNode node = accountNode(address);
        node.put("label", checkLabel(label));
        save();
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
        seal(keyId(address), privateKey, vaultKey);
        Account a = new Account(address, checkLabel(label), Account.Kind.IMPORTED, -1);
        appendAccount(a);
        save();
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
        appendAccount(a);
        return a;
    }

    private void appendAccount(Account a) {
        ObjectNode n = state.withArray("accounts").addObject();
        n.put("address", a.address());
        n.put("label", a.label());
        n.put("kind", a.kind().name());
        n.put("index", a.index());
    }

    private ObjectNode accountNode(String address) {
        for (JsonNode a : state.withArray("accounts")) {
            if (a.path("address").asText().equalsIgnoreCase(address)) {
                return (ObjectNode) a;
            }
        }
        throw new InvalidInputException("the address " + address + " is not an account of this wallet");
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
        if (password == null || password.length == 0) {
            throw new WrongPasswordException("a password is required");
        }
        JsonNode k = state.path("kdf");
        byte[] pw = Secrets.passwordBytes(password);
        try {
            return SCrypt.generate(pw, Numeric.hexStringToByteArray(k.path("salt").asText()),
                    k.path("n").asInt(), k.path("r").asInt(), k.path("p").asInt(), 32);
        } finally {
            Secrets.wipe(pw);
        }
    }

    private void putSecret(String id, byte[] plain) {
        seal(id, plain, requireUnlocked());
    }

    private void seal(String id, byte[] plain, byte[] key) {
        byte[] nonce = random(12);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, id, plain);
        ObjectNode s = ((ObjectNode) state.get("secrets")).putObject(id);
        s.put("nonce", Numeric.toHexStringNoPrefix(nonce));
        s.put("data", Numeric.toHexStringNoPrefix(sealed));
    }

    private byte[] open(String id, byte[] key) {
        JsonNode s = state.path("secrets").path(id);
        if (s.isMissingNode()) {
            throw new InvalidKeystoreException("the wallet file lacks a secret it lists; restore it from a backup or from the seed phrase");
        }
        try {
            return gcm(Cipher.DECRYPT_MODE, key, Numeric.hexStringToByteArray(s.path("nonce").asText()), id,
                    Numeric.hexStringToByteArray(s.path("data").asText()));
        } catch (AeadFailure e) {
            if (CHECK.equals(id)) {
                throw new WrongPasswordException("wrong wallet password");
            }
            throw new InvalidKeystoreException("the wallet file is damaged: a sealed secret fails its integrity check");
        }
    }

    private static final class AeadFailure extends RuntimeException {
        AeadFailure() {
            super(null, null, false, false);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, String id, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new AeadFailure();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (mode == Cipher.DECRYPT_MODE) {
                throw new AeadFailure();
            }
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Atomic replace, owner-only permissions where the file system has them. */
    private void save() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".wallet", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Windows: the user's profile folder is private already.
            }
            Files.writeString(tmp, JSON.writeValueAsString(state));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WalletException("cannot write the wallet file " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

}
