package org.poq.evaluator;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Turns text into model inputs. The tokenizer only splits text into word pieces (no special tokens, no
 * padding): DJL would otherwise apply its own padding and truncation instead of tokenizer.json's, so
 * the [CLS]/[SEP] layout, the prompt limit and the padding are decided here, where they are visible.
 */
final class InputEncoder implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final EvaluatorConfig config;
    private final long cls;
    private final long sep;
    private final long pad;

    private InputEncoder(HuggingFaceTokenizer tokenizer, EvaluatorConfig config, long cls, long sep, long pad) {
        this.tokenizer = tokenizer;
        this.config = config;
        this.cls = cls;
        this.sep = sep;
        this.pad = pad;
    }

    static InputEncoder open(Path tokenizerJson, EvaluatorConfig config) throws InvalidEvaluatorException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new InvalidEvaluatorException("tokenizer.json is not valid JSON (truncated or corrupt?): " + e.getMessage(), e);
        }
        long cls = specialId(root, "[CLS]");
        long sep = specialId(root, "[SEP]");
        long pad = specialId(root, "[PAD]");
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optPadding(false)
                    .optTruncation(true)
                    .optMaxLength(config.maxLength())
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new InvalidEvaluatorException("tokenizer.json does not load: " + e.getMessage(), e);
        }
        return new InputEncoder(tokenizer, config, cls, sep, pad);
    }

    private static long specialId(JsonNode root, String token) throws InvalidEvaluatorException {
        JsonNode id = root.path("model").path("vocab").get(token);
        if (id != null && id.canConvertToLong()) {
            return id.asLong();
        }
        for (JsonNode added : root.path("added_tokens")) {
            if (token.equals(added.path("content").asText())) {
                return added.path("id").asLong();
            }
        }
        throw new InvalidEvaluatorException("tokenizer.json has no " + token
                + " token: evaluators need a BERT-style tokenizer with [CLS], [SEP] and [PAD]");
    }

    long padId() {
        return pad;
    }

    /** Word-piece ids of each text, at most maxLength of them (no special tokens). */
    long[][] pieces(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts, false, false);
        long[][] out = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            out[i] = encodings[i].getIds();
        }
        return out;
    }

    /** The prompt is kept whole up to maxPromptTokens; the answer fills what is left, from its start. */
    long[] promptPieces(long[] prompt) {
        return prompt.length <= config.maxPromptTokens() ? prompt : Arrays.copyOf(prompt, config.maxPromptTokens());
    }

    /** {@code [CLS] prompt [SEP] answer [SEP]}, token types 0 for the first segment and 1 for the second. */
    Encoded pair(long[] promptPieces, long[] answer) {
        int answerLength = Math.min(answer.length, config.maxLength() - 3 - promptPieces.length);
        int n = promptPieces.length + answerLength + 3;
        long[] ids = new long[n];
        long[] types = new long[n];
        ids[0] = cls;
        System.arraycopy(promptPieces, 0, ids, 1, promptPieces.length);
        ids[promptPieces.length + 1] = sep;
        System.arraycopy(answer, 0, ids, promptPieces.length + 2, answerLength);
        ids[n - 1] = sep;
        Arrays.fill(types, promptPieces.length + 2, n, 1L);
        return new Encoded(ids, types);
    }

    /** {@code [CLS] text [SEP]} for the bi-encoder, cut to maxLength. */
    Encoded single(long[] text, int limit) {
        int length = Math.min(text.length, Math.min(limit, config.maxLength() - 2));
        long[] ids = new long[length + 2];
        ids[0] = cls;
        System.arraycopy(text, 0, ids, 1, length);
        ids[length + 1] = sep;
        return new Encoded(ids, new long[length + 2]);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
