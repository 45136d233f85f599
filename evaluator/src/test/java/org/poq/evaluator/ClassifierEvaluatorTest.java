package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RoBERTa/DeBERTa-style packages: no token_type_ids input, <s>/</s>/<pad> special tokens, and a
 * classifier with three logits read through a softmax class (an NLI model's "entailment"). The package is
 * resources/evaluators/tiny-nli, made by make_tiny_cross_encoder.py --nli (random weights).
 */
class ClassifierEvaluatorTest {
    @TempDir
    Path dir;

    private static Path tinyNli() {
        return TestEvaluators.repoRoot().resolve("resources/evaluators/tiny-nli");
    }

    @Test
    void importsAndScoresAModelWithoutTokenTypesAndThreeClasses() throws Exception {
        EvaluatorPackage p = Evaluators.importPackage(tinyNli(), dir.resolve("evaluators"));
        assertThat(p.id().hex()).isEqualTo(Files.readString(TestEvaluators.repoRoot().resolve("resources/evaluators/tiny-nli.id")).strip());
        assertThat(p.config().head().isSoftmax()).isTrue();
        try (OnnxScorer s = OnnxScorer.open(p, ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            List<String> answers = List.of("Paris is the capital of France.", "Bananas are yellow.", "It is Paris, on the Seine.");
            List<ScoredAnswer> batch = s.scoreDetailed("What is the capital of France?", answers);
            for (int i = 0; i < answers.size(); i++) {
                ScoredAnswer alone = s.scoreDetailed("What is the capital of France?", List.of(answers.get(i))).get(0);
                assertThat(alone).isEqualTo(batch.get(i));
                assertThat(batch.get(i).raw()).as("a class probability").isBetween(0.0, 1.0);
                assertThat(batch.get(i).modelScore().value()).isEqualTo((int) Math.round(batch.get(i).raw() * 10000));
            }
        }
    }

    @Test
    void robertaPairLayoutHasTwoSeparatorsAndNoTokenTypes() throws Exception {
        EvaluatorPackage p = EvaluatorPackage.load(tinyNli());
        try (InputEncoder e = InputEncoder.open(p.tokenizer(), p.config())) {
            Encoded row = e.pair(new long[] {10, 11}, new long[] {20, 21, 22});
            long s = row.ids()[3];
            assertThat(row.ids()).containsExactly(row.ids()[0], 10, 11, s, s, 20, 21, 22, s);
            assertThat(row.typeIds()).containsOnly(0L);
        }
    }

    @Test
    void aLogisticHeadOnAThreeClassModelIsRefusedInPlainWords() throws Exception {
        Path pkg = dir.resolve("pkg");
        Files.createDirectories(pkg);
        Files.copy(tinyNli().resolve("model.onnx"), pkg.resolve("model.onnx"));
        Files.copy(tinyNli().resolve("tokenizer.json"), pkg.resolve("tokenizer.json"));
        Files.writeString(pkg.resolve("evaluator.json"), "{\"format\":1,\"kind\":\"cross\",\"maxLength\":128,\"maxPromptTokens\":64,"
                + "\"head\":{\"type\":\"logistic\",\"scale\":1,\"bias\":0}}");
        assertThatThrownBy(() -> Evaluators.importPackage(pkg, dir.resolve("evaluators")))
                .isInstanceOf(InvalidEvaluatorException.class)
                .hasMessageContaining("needs \"type\": \"softmax\" and a \"class\"");
        Files.writeString(pkg.resolve("evaluator.json"), "{\"format\":1,\"kind\":\"cross\",\"maxLength\":128,\"maxPromptTokens\":64,"
                + "\"head\":{\"type\":\"softmax\",\"class\":3}}");
        assertThatThrownBy(() -> Evaluators.importPackage(pkg, dir.resolve("evaluators")))
                .hasMessageContaining("at least 4 classes");
        try (var s = Files.list(dir.resolve("evaluators"))) {
            assertThat(s.filter(f -> !f.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    @Test
    void headParametersOutOfRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> ScoreHead.softmaxClass(-1)).hasMessage("head class must be in 0..63: -1");
        assertThatThrownBy(() -> new ScoreHead("argmax", 1, 0)).hasMessage("head type must be \"logistic\" or \"softmax\", not \"argmax\"");
        assertThatThrownBy(() -> EvaluatorConfig.parse("{\"format\":1,\"kind\":\"bi\",\"maxLength\":128,\"maxPromptTokens\":64,"
                + "\"head\":{\"type\":\"softmax\",\"class\":0}}")).hasMessageContaining("a bi-encoder's head must be \"logistic\"");
        assertThat(ScoreHead.softmaxClass(1).value(new double[] {0, 0})).isEqualTo(0.5);
    }
}
