package org.poq.wallet.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.Secrets;
import org.web3j.crypto.MnemonicUtils;

/**
 * BIP-39 on the English word list (web3j's copy). Implemented here rather than through web3j's
 * MnemonicUtils because that one takes and returns Strings, which cannot be wiped; error messages
 * name word positions, never the words.
 */
public final class Mnemonics {
    static final List<String> WORDS = MnemonicUtils.getWords();
    private static final Map<String, Integer> INDEX = new HashMap<>();
    private static final int SEED_ITERATIONS = 2048;

    static {
        for (int i = 0; i < WORDS.size(); i++) {
            INDEX.put(WORDS.get(i), i);
        }
    }

    private Mnemonics() {
    }

    /** A new phrase of 12, 15, 18, 21 or 24 words from the given source of randomness. */
    public static SeedPhrase generate(int words, SecureRandom random) {
        if (words < 12 || words > 24 || words % 3 != 0) {
            throw new InvalidInputException("a seed phrase has 12, 15, 18, 21 or 24 words, not " + words);
        }
        byte[] entropy = new byte[words * 4 / 3];
        random.nextBytes(entropy);
        try {
            return fromEntropy(entropy);
        } finally {
            Secrets.wipe(entropy);
        }
    }

    static SeedPhrase fromEntropy(byte[] entropy) {
        int ent = entropy.length * 8;
        int cs = ent / 32;
        byte[] hash = sha256(entropy);
        int total = ent + cs;
        int[] indices = new int[total / 11];
        for (int w = 0; w < indices.length; w++) {
            int v = 0;
            for (int b = 0; b < 11; b++) {
                int bit = w * 11 + b;
                v = (v << 1) | bitAt(bit < ent ? entropy : hash, bit < ent ? bit : bit - ent);
            }
            indices[w] = v;
        }
        Secrets.wipe(hash);
        return new SeedPhrase(indices);
    }

    /**
     * Reads a phrase typed or pasted by the user: case, extra spaces, line breaks, non-breaking or
     * other Unicode spaces, a byte-order mark, zero-width characters and a numbered list ("1. abandon")
     * do not matter; every word must be in the list and the checksum must hold. The input array is
     * not modified.
     */
    public static SeedPhrase parse(char[] text) {
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length; i++) {
            boolean space = i == text.length || isSeparator(text[i]);
            if (!space && start < 0) {
                start = i;
            } else if (space && start >= 0) {
                spans.add(new int[]{start, i});
                start = -1;
            }
        }
        // a list copied as "1. word 2. word" or "1) word": drop the numbers
        spans.removeIf(sp -> isNumbering(text, sp[0], sp[1]));
        int n = spans.size();
        if (n < 12 || n > 24 || n % 3 != 0) {
            throw new InvalidInputException("a seed phrase has 12, 15, 18, 21 or 24 words; this one has " + n);
        }
        int[] indices = new int[n];
        for (int w = 0; w < n; w++) {
            char[] word = new char[spans.get(w)[1] - spans.get(w)[0]];
            System.arraycopy(text, spans.get(w)[0], word, 0, word.length);
            char[] norm = normalizeWord(word);
            Integer idx = INDEX.get(new String(norm));
            Secrets.wipe(word, norm);
            if (idx == null) {
                throw new InvalidInputException("word " + (w + 1) + " is not in the BIP-39 English word list");
            }
            indices[w] = idx;
        }
        SeedPhrase phrase = new SeedPhrase(indices);
        if (!checksumHolds(indices)) {
            phrase.destroy();
            throw new InvalidInputException("the seed phrase's checksum does not match: a word is wrong or out of order");
        }
        return phrase;
    }

    /** BIP-39 seed: PBKDF2-HMAC-SHA512(phrase, "mnemonic" + passphrase, 2048), 64 bytes; the caller wipes it. */
    public static byte[] seed(SeedPhrase phrase, char[] passphrase) {
        char[] chars = phrase.toChars();
        byte[] password = Secrets.utf8(chars);
        byte[] pass = passphraseBytes(passphrase == null ? new char[0] : passphrase);
        byte[] salt = new byte[8 + pass.length];
        System.arraycopy("mnemonic".getBytes(StandardCharsets.US_ASCII), 0, salt, 0, 8);
        System.arraycopy(pass, 0, salt, 8, pass.length);
        try {
            PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA512Digest());
            gen.init(password, salt, SEED_ITERATIONS);
            return ((KeyParameter) gen.generateDerivedParameters(512)).getKey();
        } finally {
            Secrets.wipe(chars);
            Secrets.wipe(password, pass, salt);
        }
    }

    // BIP-39 wants NFKD; ASCII is already NFKD, so only a non-ASCII passphrase goes through a String.
    private static byte[] passphraseBytes(char[] passphrase) {
        for (char c : passphrase) {
            if (c > 127) {
                return Normalizer.normalize(new String(passphrase), Normalizer.Form.NFKD)
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        return Secrets.utf8(passphrase);
    }

    /** Whitespace by any definition a paste can bring: Java's, Unicode's (no-break spaces), BOM and zero-width. */
    static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B'
                || c == '\u200C' || c == '\u200D' || c == '\u2060';
    }

    private static boolean isNumbering(char[] text, int from, int to) {
        int i = from;
        while (i < to && Character.isDigit(text[i])) {
            i++;
        }
        return i > from && i < to && i == to - 1 && (text[i] == '.' || text[i] == ')');
    }

    static char[] normalizeWord(char[] word) {
        int from = 0;
        int to = word.length;
        while (from < to && isSeparator(word[from])) {
            from++;
        }
        while (to > from && isSeparator(word[to - 1])) {
            to--;
        }
        char[] out = new char[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = Character.toLowerCase(word[i]);
        }
        return out;
    }

    private static boolean checksumHolds(int[] indices) {
        int total = indices.length * 11;
        int cs = total / 33;
        int ent = total - cs;
        byte[] bits = new byte[(total + 7) / 8];
        for (int w = 0; w < indices.length; w++) {
            for (int b = 0; b < 11; b++) {
                if (((indices[w] >> (10 - b)) & 1) == 1) {
                    int bit = w * 11 + b;
                    bits[bit / 8] |= (byte) (1 << (7 - bit % 8));
                }
            }
        }
        byte[] entropy = Arrays.copyOf(bits, ent / 8);
        byte[] hash = sha256(entropy);
        boolean ok = true;
        for (int i = 0; i < cs; i++) {
            ok &= bitAt(bits, ent + i) == bitAt(hash, i);
        }
        Secrets.wipe(bits, entropy, hash);
        return ok;
    }

    private static int bitAt(byte[] bytes, int bit) {
        return (bytes[bit / 8] >> (7 - bit % 8)) & 1;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
