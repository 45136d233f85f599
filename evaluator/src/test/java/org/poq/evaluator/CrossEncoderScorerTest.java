package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.Score;

/** The cross-encoder path through the real ONNX Runtime and tokenizer, with the tiny random-weight BERT. */
class CrossEncoderScorerTest {
    private static EvaluatorPackage tiny;
    private static OnnxScorer scorer;

    @BeforeAll
    static void open() throws Exception {
        tiny = EvaluatorPackage.load(TestEvaluators.tinyCross());
        scorer = OnnxScorer.open(tiny, ScorerOptions.defaults().withDevice(ExecutionDevice.CPU).withBatchSize(4));
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    @Test
    void idMatchesTheOneComputedInPython() throws Exception {
        assertThat(tiny.id().hex()).isEqualTo(TestEvaluators.tinyCrossIdFromPython());
        assertThat(tiny.kind()).isEqualTo(EvaluatorKind.CROSS);
    }

    @Test
    void pairLayoutIsClsPromptSepAnswerSepWithTokenTypes() throws Exception {
        try (InputEncoder enc = InputEncoder.open(tiny.tokenizer(), tiny.config())) {
            long[][] p = enc.pieces(List.of("what is the capital", "paris"));
            Encoded e = enc.pair(enc.promptPieces(p[0]), p[1]);
            assertThat(e.length()).isEqualTo(1 + p[0].length + 1 + p[1].length + 1);
            long cls = e.ids()[0];
            long sep = e.ids()[p[0].length + 1];
            assertThat(e.ids()[e.length() - 1]).isEqualTo(sep);
            assertThat(cls).isNotEqualTo(sep);
            assertThat(Arrays.copyOfRange(e.ids(), 1, 1 + p[0].length)).containsExactly(p[0]);
            assertThat(Arrays.copyOfRange(e.typeIds(), 0, p[0].length + 2)).containsOnly(0L);
            assertThat(Arrays.copyOfRange(e.typeIds(), p[0].length + 2, e.length())).containsOnly(1L);
        }
    }

    @Test
    void truncationKeepsThePromptUpToItsLimitAndTheStartOfTheAnswer() throws Exception {
        EvaluatorConfig c = tiny.config(); // maxLength 128, maxPromptTokens 64
        try (InputEncoder enc = InputEncoder.open(tiny.tokenizer(), c)) {
            String longText = String.join(" ", java.util.Collections.nCopies(300, "time"));
            long[][] p = enc.pieces(List.of("what is the capital of france", longText));
            assertThat(p[1]).hasSize(c.maxLength()); // the tokenizer cuts at maxLength, not later
            Encoded shortPrompt = enc.pair(enc.promptPieces(p[0]), p[1]);
            assertThat(shortPrompt.length()).isEqualTo(c.maxLength());
            assertThat(Arrays.copyOfRange(shortPrompt.ids(), 1, 1 + p[0].length)).containsExactly(p[0]);

            long[] longPrompt = enc.promptPieces(p[1]);
            assertThat(longPrompt).hasSize(c.maxPromptTokens());
            Encoded both = enc.pair(longPrompt, p[1]);
            assertThat(both.length()).isEqualTo(c.maxLength());
            assertThat(Arrays.stream(both.typeIds()).filter(t -> t == 1).count()).isEqualTo(c.maxLength() - c.maxPromptTokens() - 2);
        }
    }

    @Test
    void scoresDependOnTheAnswer() {
        List<ScoredAnswer> s = scorer.scoreDetailed("what is the capital of france",
                List.of("paris is the capital", "the weather is nice today", "one two three four"));
        assertThat(s).extracting(ScoredAnswer::raw).doesNotHaveDuplicates();
        assertThat(s).allSatisfy(a -> assertThat(a.raw()).isFinite());
    }

    @Test
    void sameScoresOnRepeatedRunsAndInABatchOrAlone() {
        String prompt = "how do plants make food from light";
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            answers.add("plants use light water and air " + "to make sugar ".repeat(i % 7) + "in their leaves number " + i);
        }
        List<ScoredAnswer> batched = scorer.scoreDetailed(prompt, answers);
        List<ScoredAnswer> again = scorer.scoreDetailed(prompt, answers);
        assertThat(again).isEqualTo(batched);
        List<String> reversed = new ArrayList<>(answers);
        java.util.Collections.reverse(reversed);
        List<ScoredAnswer> reversedScores = new ArrayList<>(scorer.scoreDetailed(prompt, reversed));
        java.util.Collections.reverse(reversedScores);
        assertThat(reversedScores).isEqualTo(batched);
        for (int i = 0; i < answers.size(); i++) {
            ScoredAnswer alone = scorer.scoreDetailed(prompt, List.of(answers.get(i))).get(0);
            // Bit-identical raw output, not just the same rounded score.
            assertThat(alone.raw()).as("answer %d", i).isEqualTo(batched.get(i).raw());
            assertThat(alone.score()).isEqualTo(batched.get(i).score());
        }
    }

    @Test
    void degenerateAnswersAreCappedWhateverTheModelSays() {
        String prompt = "what is the capital of france";
        List<ScoredAnswer> s = scorer.scoreDetailed(prompt, List.of("", "paris paris paris paris paris paris paris paris paris paris paris paris paris",
                prompt, "Париж является столицей"));
        assertThat(s).extracting(ScoredAnswer::degeneracy).containsExactly(
                Degeneracy.EMPTY, Degeneracy.REPETITION, Degeneracy.PROMPT_ECHO, Degeneracy.OTHER_SCRIPT);
        assertThat(s.get(0).score().value()).isZero();
        assertThat(s).allSatisfy(a -> assertThat(a.score().value()).isLessThanOrEqualTo(tiny.config().guard().cap()));
    }

    @Test
    void scoreListMatchesDetailedScores() {
        List<String> answers = List.of("paris", "london is big");
        List<Score> plain = scorer.score("capital of france", answers);
        assertThat(plain).isEqualTo(scorer.scoreDetailed("capital of france", answers).stream().map(ScoredAnswer::score).toList());
        assertThat(scorer.score("capital of france", List.of())).isEmpty();
        assertThatThrownBy(() -> scorer.score(null, answers)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() throws Exception {
        try (OnnxScorer auto = OnnxScorer.open(tiny, ScorerOptions.defaults())) {
            // No GPU here. The CPU artifact has no CUDA provider, so there is nothing to fall back from;
            // the GPU artifact (-P gpu) tries CUDA, fails for want of a device, and says why.
            boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
            assertThat(auto.execution().provider()).isEqualTo("CPU");
            assertThat(auto.execution().fallback().isPresent()).isEqualTo(cudaBuild);
            assertThat(auto.execution().describe()).isEqualTo(cudaBuild
                    ? "CPU (CUDA unavailable: " + auto.execution().fallbackReason() + ")" : "CPU");
            assertThat(auto.score("capital of france", "paris")).isEqualTo(scorer.score("capital of france", "paris"));
        }
        try (OnnxScorer cpu = OnnxScorer.open(tiny, ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            assertThat(cpu.execution()).isEqualTo(new ExecutionInfo("CPU", null));
        }
    }

    @Test
    void cudaOnlyFailsClearlyWithoutAGpu() {
        assertThatThrownBy(() -> OnnxScorer.open(tiny, ScorerOptions.defaults().withDevice(ExecutionDevice.CUDA)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CUDA was asked for but");
    }
}
