package org.poq.wallet.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.poq.wallet.Secrets;

/**
 * A BIP-39 phrase held as word indices into the English list, so it can be wiped ({@link #destroy})
 * once shown or used. Deliberately no toString: a phrase must never end up in a log by accident.
 */
public final class SeedPhrase implements AutoCloseable {
    private final int[] indices;
    private boolean destroyed;

    SeedPhrase(int[] indices) {
        this.indices = indices.clone();
    }

    public int size() {
        return indices.length;
    }

    /** The word at a 1-based position, for display while the phrase is shown once. */
    public String word(int position) {
        check();
        return Mnemonics.WORDS.get(indices[position - 1]);
    }

    /** All words, for display only. */
    public List<String> words() {
        check();
        List<String> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(Mnemonics.WORDS.get(i));
        }
        return out;
    }

    /** The phrase as space-separated chars, the form BIP-39 hashes; the caller wipes it. */
    char[] toChars() {
        check();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < indices.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Mnemonics.WORDS.get(indices[i]));
        }
        char[] out = new char[sb.length()];
        sb.getChars(0, sb.length(), out, 0);
        sb.setLength(0);
        return out;
    }

    int[] indices() {
        check();
        return indices.clone();
    }

    boolean matches(int position, char[] answer) {
        check();
        String expected = Mnemonics.WORDS.get(indices[position - 1]);
        char[] trimmed = Mnemonics.normalizeWord(answer);
        try {
            return Arrays.equals(trimmed, expected.toCharArray());
        } finally {
            Secrets.wipe(trimmed);
        }
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    public void destroy() {
        Arrays.fill(indices, 0);
        destroyed = true;
    }

    @Override
    public void close() {
        destroy();
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("the seed phrase was already wiped");
        }
    }

    @Override
    public String toString() {
        return "SeedPhrase[" + indices.length + " words]";
    }
}
