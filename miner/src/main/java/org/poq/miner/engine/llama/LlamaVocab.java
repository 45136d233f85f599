package org.poq.miner.engine.llama;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.poq.miner.engine.EngineException;
import org.poq.miner.engine.PromptPart;

/**
 * A model's vocabulary as llama.cpp tokenizes with it: a prompt's parts (the first with BOS, template
 * parts with their control tokens parsed) and an answer's plain text. Shared by a loaded session and a
 * vocabulary-only {@link VocabTokenizer}, so both count exactly as a miner's generation does.
 */
final class LlamaVocab {
    private static final byte TRUE = 1;
    private static final byte FALSE = 0;

    private final LlamaApi api;
    private final Pointer vocab;

    LlamaVocab(LlamaApi api, Pointer vocab) {
        this.api = api;
        this.vocab = vocab;
    }

    Pointer pointer() {
        return vocab;
    }

    int[] tokenize(List<PromptPart> parts) {
        int[] all = new int[0];
        boolean first = true;
        for (PromptPart part : parts) {
            if (part.text().isEmpty() && !first) {
                continue;
            }
            int[] out = tokenize(part.text(), first, part.special(), "the prompt could not be tokenized");
            int[] merged = Arrays.copyOf(all, all.length + out.length);
            System.arraycopy(out, 0, merged, all.length, out.length);
            all = merged;
            first = false;
        }
        return all;
    }

    /** Tokens of an answer's text: plain text (control tokens not parsed), no BOS. */
    int[] tokenizeAnswer(String text) {
        return tokenize(text, false, false, "the answer could not be tokenized");
    }

    private int[] tokenize(String s, boolean addSpecial, boolean parseSpecial, String failure) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[text.length + 8];
        int n = api.llama_tokenize(vocab, text, text.length, out, out.length, addSpecial ? TRUE : FALSE, parseSpecial ? TRUE : FALSE);
        if (n < 0) {
            out = new int[-n];
            n = api.llama_tokenize(vocab, text, text.length, out, out.length, addSpecial ? TRUE : FALSE, parseSpecial ? TRUE : FALSE);
        }
        if (n < 0) {
            throw new EngineException(failure);
        }
        return Arrays.copyOf(out, n);
    }
}
