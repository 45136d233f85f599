package org.poq.network.events;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The token ids a miner drew, as its reveal carries them to the auditors (docs/decisions/0043): unsigned
 * LEB128 varints, seven bits a byte, low bits first, so a vocabulary under 2^14 costs two bytes a token.
 */
public final class AnswerTokens {
    private AnswerTokens() {
    }

    public static byte[] encode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.length * 2);
        for (int t : tokens) {
            if (t < 0) {
                throw new IllegalArgumentException("a token id is a whole number from 0, not " + t);
            }
            int v = t;
            while (v >= 0x80) {
                out.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write(v);
        }
        return out.toByteArray();
    }

    /** Decodes a reveal's token bytes; a list cut inside a token or a token above 2^31 - 1 is refused. */
    public static int[] decode(byte[] bytes) {
        int[] out = new int[bytes.length];
        int n = 0;
        int i = 0;
        while (i < bytes.length) {
            long v = 0;
            int shift = 0;
            while (true) {
                if (i >= bytes.length || shift > 28) {
                    throw new IllegalArgumentException("the revealed token list is cut inside a token or holds one"
                            + " above 2147483647; it cannot be replayed");
                }
                int b = bytes[i++] & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a revealed token id above 2147483647 cannot be replayed");
            }
            out[n++] = (int) v;
        }
        return Arrays.copyOf(out, n);
    }
}
