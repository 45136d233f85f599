package org.poq.app.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.poq.core.db.SettingsStore;

/**
 * The endpoint's bearer key: 32 random bytes, shown to the user once when made; only its SHA-256 is
 * kept (in the settings table), so the data folder never holds the key itself. A key is random and
 * long, so a plain hash (no salt, no slow KDF) is enough: nothing to guess from it. A new key takes
 * effect at once in a running server; the old one stops working.
 */
public final class ApiKeys {
    static final String PREFIX = "poq-";
    private static final String HASH = "serve.apikey.sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SettingsStore store;
    private volatile byte[] expected;

    public ApiKeys(SettingsStore store) {
        this.store = store;
        this.expected = store.get(HASH).filter(s -> !s.isBlank()).map(HexFormat.of()::parseHex).orElse(null);
    }

    public boolean exists() {
        return expected != null;
    }

    /** Makes a new key (the old one stops working) and returns it: the only time it is ever seen. */
    public synchronized String create() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = hash(key);
        store.put(HASH, hash);
        expected = HexFormat.of().parseHex(hash);
        return key;
    }

    /** Constant-time comparison of the hash of a presented key with the current one; safe from many threads. */
    public boolean accepts(String presented) {
        byte[] e = expected;
        return presented != null && e != null && MessageDigest.isEqual(e, HexFormat.of().parseHex(hash(presented)));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
