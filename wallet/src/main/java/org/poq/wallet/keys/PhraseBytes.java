package org.poq.wallet.keys;

import java.util.Arrays;

/**
 * How the recovery phrase is kept sealed in the vault: one flag byte (1 when a BIP-39 passphrase goes
 * with it), then each word's index in two bytes. The caller wipes both sides once used.
 */
final class PhraseBytes {
    private PhraseBytes() {
    }

    static byte[] encode(SeedPhrase phrase, boolean withPassphrase) {
        int[] idx = phrase.indices();
        byte[] out = new byte[1 + 2 * idx.length];
        out[0] = (byte) (withPassphrase ? 1 : 0);
        for (int i = 0; i < idx.length; i++) {
            out[1 + 2 * i] = (byte) (idx[i] >> 8);
            out[2 + 2 * i] = (byte) idx[i];
        }
        Arrays.fill(idx, 0);
        return out;
    }

    static SeedPhrase phrase(byte[] bytes) {
        int[] indices = new int[(bytes.length - 1) / 2];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = ((bytes[1 + 2 * i] & 0xff) << 8) | (bytes[2 + 2 * i] & 0xff);
        }
        SeedPhrase phrase = new SeedPhrase(indices);
        Arrays.fill(indices, 0);
        return phrase;
    }

    static boolean withPassphrase(byte[] bytes) {
        return bytes[0] == 1;
    }
}
