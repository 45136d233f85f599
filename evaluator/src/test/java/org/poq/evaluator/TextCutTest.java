package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut before tokenizing keeps exactly the tokens the scorer would keep without it, on the real
 * tokenizers (all-MiniLM-L6-v2's and the test packages'), for ordinary text and for the characters that
 * could break the argument in {@link TextCut}: control characters Java calls white space, chunks of only
 * combining marks or control characters, scripts without spaces, overlong words, literal special tokens.
 */
class TextCutTest {
    @TempDir
    Path dir;

    private static final String[] PIECES = {"the", "validator", "scores", "every", "answer,", "Ünïcödé", "東京は日本の首都です。",
        "\u001C", "a\u001Cb", "\u0301\u0301", "\u0000", "\u200B", "[SEP]", "[CLS]x", "🙂🙂", "x".repeat(150), "3.14", "(quoted)",
        "non\u00A0breaking", "tab\there", "line\nbreak", "\r\n", "İstanbul", "ǅ", "—", "\uFFFD"};

    private static List<String> texts() {
        List<String> out = new ArrayList<>();
        Random r = new Random(12);
        for (int t = 0; t < 300; t++) {
            StringBuilder b = new StringBuilder();
            int words = 1 + r.nextInt(700);
            for (int i = 0; i < words; i++) {
                b.append(PIECES[r.nextInt(PIECES.length)]);
                b.append(r.nextInt(10) == 0 ? "  " : r.nextInt(20) == 0 ? "\n" : " ");
            }
            out.add(b.toString());
        }
        return out;
    }

    private static void check(Path tokenizerJson, int limit) throws Exception {
        assertThat(TextCut.safeFor(new ObjectMapper().readTree(tokenizerJson.toFile()))).isTrue();
        try (HuggingFaceTokenizer whole = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false).optPadding(false).optTruncation(false).build()) {
            int cuts = 0;
            for (String text : texts()) {
                long[] all = whole.encode(text, false, false).getIds();
                String cut = TextCut.cut(text, limit);
                cuts += cut.length() < text.length() ? 1 : 0;
                long[] fromCut = whole.encode(cut, false, false).getIds();
                assertThat(Arrays.copyOf(fromCut, Math.min(limit, fromCut.length)))
                        .as("first %d tokens of %s", limit, text.length() > 80 ? text.substring(0, 80) + "…" : text)
                        .isEqualTo(Arrays.copyOf(all, Math.min(limit, all.length)));
            }
            assertThat(cuts).as("the cut really shortens long texts").isGreaterThan(100);
        }
    }

    @Test
    void cutTextHasTheSameFirstTokensWithTheDefaultEvaluatorsTokenizer() throws Exception {
        EvaluatorPackage p = BundledEvaluator.MINILM_L6_V2.install(dir);
        check(p.tokenizer(), 256);
        check(p.tokenizer(), 16);
    }

    @Test
    void cutTextHasTheSameFirstTokensWithTheTestPackagesTokenizers() throws Exception {
        check(TestEvaluators.tinyCross().resolve("tokenizer.json"), 128);
        check(TestEvaluators.repoRoot().resolve("resources/evaluators/tiny-nli/tokenizer.json"), 64);
    }

    @Test
    void otherTokenizerFamiliesAreNotCut() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(TextCut.safeFor(json.readTree("{\"normalizer\":{\"type\":\"NFC\"},\"pre_tokenizer\":{\"type\":\"ByteLevel\"},"
                + "\"model\":{\"type\":\"BPE\"}}"))).isFalse();
        assertThat(TextCut.safeFor(json.readTree("{\"normalizer\":{\"type\":\"BertNormalizer\"},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                + "\"model\":{\"type\":\"WordPiece\"},\"added_tokens\":[{\"content\":\"new york\"}]}"))).isFalse();
    }
}
