package org.poq.wallet;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.web3j.utils.Numeric;

/** Helpers that keep secrets in arrays, which can be wiped, rather than in immutable Strings. */
public final class Secrets {
    private Secrets() {
    }

    /** UTF-8 bytes of the chars without an intermediate String; the caller wipes the result. */
    public static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return out;
    }

    /**
     * A password's bytes as ethers and geth hash them: NFKC-normalised UTF-8, so the same password
     * typed as composed or decomposed characters (macOS vs. Windows input) opens the same file.
     * ASCII is already NFKC and skips the String a normalisation needs; the caller wipes the result.
     */
    public static byte[] passwordBytes(char[] password) {
        for (char c : password) {
            if (c > 127) {
                return Normalizer.normalize(CharBuffer.wrap(password), Normalizer.Form.NFKC)
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        return utf8(password);
    }

    public static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    public static void wipe(char[]... arrays) {
        for (char[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, '\0');
            }
        }
    }

    /** A big-endian, fixed 32-byte copy of a private key (BigInteger adds or drops leading zeros). */
    public static byte[] privateKeyBytes(BigInteger key) {
        return Numeric.toBytesPadded(key, 32);
    }
}
