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
    /** Whether texts may be cut before tokenizing ({@link TextCut}); never changes the tokens kept. */
    private final boolean cutBeforeTokenizing;
    /** RoBERTa's pair layout {@code <s> A </s></s> B </s>}: one more separator between the segments. */
    private final boolean doubleSeparator;

    private InputEncoder(HuggingFaceTokenizer tokenizer, EvaluatorConfig config, long cls, long sep, long pad, boolean doubleSeparator,
                         boolean cutBeforeTokenizing) {
        this.cutBeforeTokenizing = cutBeforeTokenizing;
        this.tokenizer = tokenizer;
        this.config = config;
        this.cls = cls;
        this.sep = sep;
        this.pad = pad;
        this.doubleSeparator = doubleSeparator;
    }

    static InputEncoder open(Path tokenizerJson, EvaluatorConfig config) throws InvalidEvaluatorException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new InvalidEvaluatorException("tokenizer.json is not valid JSON (truncated or corrupt?): " + e.getMessage(), e);
        }
        // BERT and DeBERTa name them [CLS] [SEP] [PAD]; RoBERTa <s> </s> <pad> and separates a pair with two </s>.
        boolean roberta = findId(root, "[CLS]") < 0 && findId(root, "<s>") >= 0;
        long cls = specialId(root, roberta ? "<s>" : "[CLS]");
        long sep = specialId(root, roberta ? "</s>" : "[SEP]");
        long pad = specialId(root, roberta ? "<pad>" : "[PAD]");
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
        return new InputEncoder(tokenizer, config, cls, sep, pad, roberta, TextCut.safeFor(root));
    }

    private static long specialId(JsonNode root, String token) throws InvalidEvaluatorException {
        long id = findId(root, token);
        if (id < 0) {
            throw new InvalidEvaluatorException("tokenizer.json has no " + token
                    + " token: evaluators need a tokenizer with [CLS], [SEP] and [PAD] (BERT, DeBERTa) or <s>, </s> and <pad> (RoBERTa)");
        }
        return id;
    }

    private static long findId(JsonNode root, String token) {
        for (JsonNode added : root.path("added_tokens")) {
            if (token.equals(added.path("content").asText())) {
                return added.path("id").asLong();
            }
        }
        JsonNode id = root.path("model").path("vocab").get(token);
        return id != null && id.canConvertToLong() ? id.asLong() : -1;
    }

    long padId() {
        return pad;
    }

    /** Word-piece ids of each text, at most maxLength of them (no special tokens). */
    long[][] pieces(List<String> texts) {
        // Tokenizing a 2,000-word answer to keep 256 tokens is mostly wasted work: cut it first where that is exact.
        List<String> input = cutBeforeTokenizing ? texts.stream().map(t -> TextCut.cut(t, config.maxLength())).toList() : texts;
        Encoding[] encodings = tokenizer.batchEncode(input, false, false);
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

    /**
     * {@code [CLS] prompt [SEP] answer [SEP]}, token types 0 for the first segment and 1 for the second;
     * RoBERTa-style {@code <s> prompt </s></s> answer </s>} (its models take no token types).
     */
    Encoded pair(long[] promptPieces, long[] answer) {
        int gap = doubleSeparator ? 2 : 1;
        int answerLength = Math.min(answer.length, config.maxLength() - 2 - gap - promptPieces.length);
        int n = promptPieces.length + answerLength + 2 + gap;
        long[] ids = new long[n];
        long[] types = new long[n];
        ids[0] = cls;
        System.arraycopy(promptPieces, 0, ids, 1, promptPieces.length);
        Arrays.fill(ids, promptPieces.length + 1, promptPieces.length + 1 + gap, sep);
        int answerStart = promptPieces.length + 1 + gap;
        System.arraycopy(answer, 0, ids, answerStart, answerLength);
        ids[n - 1] = sep;
        if (!doubleSeparator) {
            Arrays.fill(types, answerStart, n, 1L);
        }
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
