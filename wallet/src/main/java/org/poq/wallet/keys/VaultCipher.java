package org.poq.wallet.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import org.poq.wallet.Secrets;
import org.poq.wallet.WrongPasswordException;
import org.web3j.utils.Numeric;

/**
 * The vault's cryptography: scrypt turns the wallet password into a 32-byte key, and each secret is
 * sealed with AES-256-GCM under it, its id bound in as associated data (a sealed seed cannot be
 * passed off as an imported key). A failed tag is {@link Failure}; the vault decides what it means.
 */
final class VaultCipher {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sealed secret that does not open under the key: a wrong password, or a damaged file. */
    static final class Failure extends RuntimeException {
        Failure() {
            super(null, null, false, false);
        }
    }

    private VaultCipher() {
    }

    /** The wallet key from the password and the file's scrypt parameters; the caller wipes the password. */
    static byte[] derive(char[] password, JsonNode kdf) {
        if (password == null || password.length == 0) {
            throw new WrongPasswordException("a password is required");
        }
        byte[] pw = Secrets.passwordBytes(password);
        try {
            return SCrypt.generate(pw, Numeric.hexStringToByteArray(kdf.path("salt").asText()),
                    kdf.path("n").asInt(), kdf.path("r").asInt(), kdf.path("p").asInt(), 32);
        } finally {
            Secrets.wipe(pw);
        }
    }

    static VaultFile.Sealed seal(String id, byte[] plain, byte[] key) {
        byte[] nonce = random(12);
        return new VaultFile.Sealed(nonce, gcm(Cipher.ENCRYPT_MODE, key, nonce, id, plain));
    }

    static byte[] open(String id, VaultFile.Sealed sealed, byte[] key) {
        return gcm(Cipher.DECRYPT_MODE, key, sealed.nonce(), id, sealed.data());
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, String id, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new Failure();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (mode == Cipher.DECRYPT_MODE) {
                throw new Failure();
            }
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
