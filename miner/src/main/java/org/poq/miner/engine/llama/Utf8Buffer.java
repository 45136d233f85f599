package org.poq.miner.engine.llama;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Token pieces as text. A token's bytes may end inside a UTF-8 character (byte-level BPE splits
 * emoji and CJK across tokens), so incomplete trailing bytes wait here for the next piece instead of
 * becoming replacement characters.
 */
public final class Utf8Buffer {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds a piece's bytes; returns the text of every character now complete. */
    public String add(byte[] bytes, int length) {
        pending.write(bytes, 0, length);
        byte[] all = pending.toByteArray();
        int complete = completePrefix(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** What is left at the end: an incomplete character is invalid text and becomes U+FFFD. */
    public String flush() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }

    /** The length of the longest prefix that does not end inside a multi-byte character. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // look back at most 3 bytes for the lead byte of the last character
        for (int i = n - 1; i >= Math.max(0, n - 4); i--) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                return n; // ASCII: everything before is complete (or invalid, which waiting cannot fix)
            }
            if (c >= 0xC0) {
                int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                return n - i >= need ? n : i;
            }
        }
        return n;
    }
}
