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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;
import org.poq.core.FilePermissions;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.Secrets;
import org.poq.wallet.WalletException;
import org.poq.wallet.WrongPasswordException;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Web3 Secret Storage (V3 keystore JSON), the file geth, MetaMask and MyEtherWallet import and
 * export: scrypt or PBKDF2-SHA256, AES-128-CTR, keccak MAC. Written here on Bouncy Castle rather
 * than with web3j's Wallet, which only takes the password as a String that cannot be wiped.
 */
public final class KeystoreFiles {
    /** Real keystores are well under 1 KiB; anything far bigger is not one. */
    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The costliest key derivation a file may ask for. A keystore names its own scrypt cost, so a
     * crafted file could demand gigabytes and minutes (n = 2^26 ran 39 s into OutOfMemoryError):
     * refuse before deriving, as ethers does. 256 MiB of scrypt memory (n = 2^18 at r = 8, geth's
     * and MetaMask's standard) and 10 million PBKDF2 rounds cover every real wallet's files.
     */
    static final long MAX_SCRYPT_MEMORY = 256L * 1024 * 1024;
    static final int MAX_PBKDF2_ROUNDS = 10_000_000;

    private KeystoreFiles() {
    }

    /** A decrypted key and the address it controls; wipe it with {@link #close()}. */
    public static final class DecryptedKey implements AutoCloseable {
        private final byte[] privateKey;
        private final String address;

        DecryptedKey(byte[] privateKey) {
            this.privateKey = privateKey;
            this.address = Keys.toChecksumAddress(Keys.getAddress(ECKeyPair.create(privateKey)));
        }

        public String address() {
            return address;
        }

        /** The 32 key bytes (not a copy): valid until close. */
        public byte[] privateKey() {
            return privateKey;
        }

        @Override
        public void close() {
            Secrets.wipe(privateKey);
        }
    }

    // ------------------------------------------------------------------ read

    public static DecryptedKey read(Path file, char[] password) {
        return decrypt(load(file), password);
    }

    /** Reads and checks the structure of a keystore file without decrypting it. */
    public static JsonNode load(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidKeystoreException("not a keystore file: " + file.getFileName() + " is too large");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidKeystoreException("cannot read the keystore file " + file.getFileName() + ": "
                    + FilePermissions.describe(e), e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    public static JsonNode parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the input; the location is enough to find the damage.
            var loc = e.getLocation();
            throw new InvalidKeystoreException("not a valid keystore file: the JSON is malformed or truncated"
                    + (loc != null ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : ""));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidKeystoreException("not a valid keystore file: empty or not a JSON object");
        }
        if (root.path("version").asInt(-1) != 3) {
            throw new InvalidKeystoreException("unsupported keystore version " + root.path("version")
                    + ": only version 3 (Web3 Secret Storage) is supported");
        }
        JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.get("Crypto");
        if (crypto == null || !crypto.isObject()) {
            throw new InvalidKeystoreException("not a valid keystore file: the 'crypto' section is missing");
        }
        if (!"aes-128-ctr".equals(crypto.path("cipher").asText())) {
            throw new InvalidKeystoreException("unsupported keystore cipher '" + crypto.path("cipher").asText() + "'");
        }
        hex(crypto, "ciphertext", -1);
        hex(crypto.path("cipherparams"), "iv", 16);
        hex(crypto, "mac", 32);
        String kdf = crypto.path("kdf").asText();
        JsonNode params = crypto.path("kdfparams");
        hex(params, "salt", -1);
        if (params.path("dklen").asInt() != 32) {
            throw new InvalidKeystoreException("unsupported keystore: dklen must be 32");
        }
        if ("scrypt".equals(kdf)) {
            KdfParams k;
            try {
                k = new KdfParams(intParam(params, "n"), intParam(params, "r"), intParam(params, "p"));
            } catch (IllegalArgumentException e) {
                throw new InvalidKeystoreException("invalid scrypt parameters in the keystore: " + e.getMessage());
            }
            long memory = 128L * k.n() * k.r();
            if (memory > MAX_SCRYPT_MEMORY || (long) k.r() * k.p() >= 1 << 30) {
                throw new InvalidKeystoreException("the keystore asks for a key derivation too costly to run (scrypt n="
                        + k.n() + ", r=" + k.r() + ": " + (memory >> 20) + " MiB of memory); PoQ opens keystores up to "
                        + "n=262144 with r=8 (256 MiB), which covers geth, MetaMask and ethers files");
            }
        } else if ("pbkdf2".equals(kdf)) {
            if (!"hmac-sha256".equals(params.path("prf").asText()) || params.path("c").asLong() < 1) {
                throw new InvalidKeystoreException("unsupported PBKDF2 parameters in the keystore");
            }
            if (params.path("c").asLong() > MAX_PBKDF2_ROUNDS) {
                throw new InvalidKeystoreException("the keystore asks for a key derivation too costly to run (PBKDF2 with "
                        + params.path("c").asLong() + " rounds); PoQ opens keystores up to " + MAX_PBKDF2_ROUNDS + " rounds");
            }
        } else {
            throw new InvalidKeystoreException("unsupported keystore key derivation '" + kdf + "'");
        }
        return root;
    }

    public static DecryptedKey decrypt(JsonNode root, char[] password) {
        JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.get("Crypto");
        byte[] ciphertext = hex(crypto, "ciphertext", -1);
        byte[] iv = hex(crypto.path("cipherparams"), "iv", 16);
        byte[] mac = hex(crypto, "mac", 32);
        byte[] pw = Secrets.passwordBytes(password);
        byte[] derived = null;
        byte[] key = null;
        try {
            derived = deriveKey(crypto, pw);
            byte[] expected = mac(derived, ciphertext);
            if (!MessageDigest.isEqual(expected, mac)) {
                throw new WrongPasswordException("wrong password for this keystore file (or the file was altered)");
            }
            key = aesCtr(Cipher.DECRYPT_MODE, Arrays.copyOfRange(derived, 0, 16), iv, ciphertext);
            if (key.length != 32) {
                throw new InvalidKeystoreException("the keystore holds a " + key.length + "-byte key, not a 32-byte one");
            }
            DecryptedKey result = new DecryptedKey(key);
            String declared = root.path("address").asText("");
            if (!declared.isEmpty() && !Numeric.cleanHexPrefix(declared).equalsIgnoreCase(Numeric.cleanHexPrefix(result.address()))) {
                result.close();
                throw new InvalidKeystoreException("the key in the keystore does not match the file's address " + declared);
            }
            return result;
        } catch (RuntimeException e) {
            Secrets.wipe(key);
            throw e;
        } finally {
            Secrets.wipe(pw, derived);
        }
    }

    // ----------------------------------------------------------------- write

    /** Encrypts a 32-byte key into V3 JSON with scrypt. */
    public static String encrypt(byte[] privateKey, char[] password, KdfParams kdf) {
        byte[] salt = random(32);
        byte[] iv = random(16);
        byte[] pw = Secrets.passwordBytes(password);
        byte[] derived = SCrypt.generate(pw, salt, kdf.n(), kdf.r(), kdf.p(), 32);
        try {
            byte[] ciphertext = aesCtr(Cipher.ENCRYPT_MODE, Arrays.copyOfRange(derived, 0, 16), iv, privateKey);
            ObjectNode root = JSON.createObjectNode();
            root.put("address", Keys.getAddress(ECKeyPair.create(privateKey)));
            ObjectNode crypto = root.putObject("crypto");
            crypto.put("cipher", "aes-128-ctr");
            crypto.putObject("cipherparams").put("iv", Numeric.toHexStringNoPrefix(iv));
            crypto.put("ciphertext", Numeric.toHexStringNoPrefix(ciphertext));
            crypto.put("kdf", "scrypt");
            ObjectNode params = crypto.putObject("kdfparams");
            params.put("dklen", 32);
            params.put("n", kdf.n());
            params.put("p", kdf.p());
            params.put("r", kdf.r());
            params.put("salt", Numeric.toHexStringNoPrefix(salt));
            crypto.put("mac", Numeric.toHexStringNoPrefix(mac(derived, ciphertext)));
            root.put("id", UUID.randomUUID().toString());
            root.put("version", 3);
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            Secrets.wipe(pw, derived);
        }
    }

    /** Writes a keystore into a folder under geth's file name (UTC--time--address); returns the file. */
    public static Path write(Path dir, byte[] privateKey, char[] password, KdfParams kdf) {
        String json = encrypt(privateKey, password, kdf);
        String address = Keys.getAddress(ECKeyPair.create(privateKey));
        String time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS'Z'", Locale.ROOT)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        Path file = dir.resolve("UTC--" + time + "--" + address);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".keystore", ".tmp");
            FilePermissions.ownerOnly(tmp);
            Files.writeString(tmp, json);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new WalletException("cannot write the keystore file into " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- crypto

    private static byte[] deriveKey(JsonNode crypto, byte[] password) {
        JsonNode p = crypto.path("kdfparams");
        byte[] salt = hex(p, "salt", -1);
        if ("scrypt".equals(crypto.path("kdf").asText())) {
            return SCrypt.generate(password, salt, p.path("n").asInt(), p.path("r").asInt(), p.path("p").asInt(), 32);
        }
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
        gen.init(password, salt, p.path("c").asInt());
        return ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    }

    private static byte[] mac(byte[] derived, byte[] ciphertext) {
        byte[] body = new byte[16 + ciphertext.length];
        System.arraycopy(derived, 16, body, 0, 16);
        System.arraycopy(ciphertext, 0, body, 16, ciphertext.length);
        byte[] out = Hash.sha3(body);
        Secrets.wipe(body);
        return out;
    }

    private static byte[] aesCtr(int mode, byte[] key, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is unavailable", e);
        } finally {
            Secrets.wipe(key);
        }
    }

    private static int intParam(JsonNode params, String field) {
        JsonNode v = params.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number below 2^31");
        }
        return v.asInt();
    }

    private static byte[] hex(JsonNode node, String field, int length) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidKeystoreException("not a valid keystore file: '" + field + "' is missing");
        }
        String text = Numeric.cleanHexPrefix(v.asText());
        if (text.isEmpty() || text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]+")) {
            throw new InvalidKeystoreException("not a valid keystore file: '" + field + "' is not hex");
        }
        byte[] bytes = Numeric.hexStringToByteArray(text);
        if (length > 0 && bytes.length != length) {
            throw new InvalidKeystoreException("not a valid keystore file: '" + field + "' has " + bytes.length
                    + " bytes, expected " + length);
        }
        return bytes;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

}
