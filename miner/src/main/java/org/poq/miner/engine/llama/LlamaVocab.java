package org.poq.miner.engine.llama;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.poq.miner.engine.EngineException;
import org.poq.miner.chat.PromptPart;

/**
 * The model's vocabulary through llama.cpp: text to tokens (a prompt's pieces, an answer's plain
 * text) and a token back to the bytes an answer shows. Each call sizes its buffer once more when
 * llama.cpp says the first was too small (a negative count is the size it needs).
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

    int[] tokenize(List<PromptPart> parts) {
        int[] all = new int[0];
        boolean first = true;
        for (PromptPart part : parts) {
            if (part.text().isEmpty() && !first) {
                continue;
            }
            byte[] text = part.text().getBytes(StandardCharsets.UTF_8);
            int[] out = new int[text.length + 8];
            int n = api.llama_tokenize(vocab, text, text.length, out, out.length, first ? TRUE : FALSE,
                    part.special() ? TRUE : FALSE);
            if (n < 0) {
                out = new int[-n];
                n = api.llama_tokenize(vocab, text, text.length, out, out.length, first ? TRUE : FALSE,
                        part.special() ? TRUE : FALSE);
            }
            if (n < 0) {
                throw new EngineException("the prompt could not be tokenized");
            }
            int[] merged = new int[all.length + n];
            System.arraycopy(all, 0, merged, 0, all.length);
            System.arraycopy(out, 0, merged, all.length, n);
            all = merged;
            first = false;
        }
        return all;
    }

    int size() {
        return api.llama_vocab_n_tokens(vocab);
    }

    boolean isEndOfGeneration(int token) {
        return api.llama_vocab_is_eog(vocab, token) != 0;
    }

    int[] tokenizeAnswer(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[bytes.length + 8];
        int n = api.llama_tokenize(vocab, bytes, bytes.length, out, out.length, FALSE, FALSE);
        if (n < 0) {
            out = new int[-n];
            n = api.llama_tokenize(vocab, bytes, bytes.length, out, out.length, FALSE, FALSE);
        }
        if (n < 0) {
            throw new EngineException("the answer could not be tokenized");
        }
        return Arrays.copyOf(out, n);
    }

    byte[] piece(int token) {
        byte[] buf = new byte[256];
        int n = api.llama_token_to_piece(vocab, token, buf, buf.length, 0, FALSE);
        if (n < 0) {
            buf = new byte[-n];
            n = api.llama_token_to_piece(vocab, token, buf, buf.length, 0, FALSE);
        }
        return Arrays.copyOf(buf, Math.max(0, n));
    }
}
