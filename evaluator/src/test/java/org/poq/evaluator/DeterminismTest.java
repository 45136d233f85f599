package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validators must agree to the integer: 200 (prompt, answer) pairs from the quality set scored alone,
 * in batches, and with 1 and 2 ONNX Runtime threads give identical scores and identical raw outputs.
 * The int8 model (dynamic quantisation: one scale per batch) is run one row per call, so the same holds
 * for it; before that rule 97 of 200 of its scores moved with the batch.
 */
class DeterminismTest {
    @TempDir
    Path evaluators;

    /** 200 pairs: every answer form of the quality set, prompt by prompt, in file order. */
    static Map<String, List<String>> pairs() throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int n = 0;
        for (QualitySet.Case c : QualitySet.load()) {
            List<String> answers = new ArrayList<>(List.of(c.good(), c.good2(), c.quoteThenAnswer(), c.wrapper(n % QualitySet.WRAPPERS.size())));
            answers.addAll(c.rivals().values());
            for (String a : answers) {
                if (n < 200) {
                    out.computeIfAbsent(c.prompt(), k -> new ArrayList<>()).add(a);
                    n++;
                }
            }
        }
        assertThat(n).isEqualTo(200);
        return out;
    }

    private static List<ScoredAnswer> alone(Scorer s, Map<String, List<String>> pairs) {
        List<ScoredAnswer> out = new ArrayList<>();
        pairs.forEach((p, answers) -> answers.forEach(a -> out.add(s.scoreDetailed(p, List.of(a)).get(0))));
        return out;
    }

    private static List<ScoredAnswer> batched(Scorer s, Map<String, List<String>> pairs) {
        List<ScoredAnswer> out = new ArrayList<>();
        pairs.forEach((p, answers) -> out.addAll(s.scoreDetailed(p, answers)));
        return out;
    }

    private void check(BundledEvaluator bundled) throws Exception {
        Map<String, List<String>> pairs = pairs();
        EvaluatorPackage pkg = bundled.install(evaluators);
        List<ScoredAnswer> reference;
        try (Scorer one = Evaluators.open(pkg, new ScorerOptions(ExecutionDevice.CPU, 1, 16))) {
            reference = alone(one, pairs);
            assertThat(batched(one, pairs)).as("batched, 1 thread").isEqualTo(reference);
        }
        try (Scorer two = Evaluators.open(pkg, new ScorerOptions(ExecutionDevice.CPU, 2, 16))) {
            assertThat(batched(two, pairs)).as("batched, 2 threads").isEqualTo(reference);
            assertThat(alone(two, pairs)).as("alone, 2 threads").isEqualTo(reference);
        }
    }

    @Test
    void defaultEvaluatorGivesIdenticalIntegersAloneBatchedAndOnOneOrTwoThreads() throws Exception {
        check(BundledEvaluator.MINILM_L6_V2);
    }

    @Test
    void dynamicallyQuantisedModelIsScoredOneRowAtATimeAndGivesIdenticalIntegers() throws Exception {
        EvaluatorPackage int8 = BundledEvaluator.MINILM_L6_V2_INT8.install(evaluators);
        assertThat(ModelFile.usesDynamicQuantisation(int8.model())).isTrue();
        assertThat(ModelFile.usesDynamicQuantisation(BundledEvaluator.MINILM_L6_V2.install(evaluators).model())).isFalse();
        try (OnnxScorer s = OnnxScorer.open(int8, new ScorerOptions(ExecutionDevice.CPU, 1, 16))) {
            assertThat(s.rowsPerCall()).isEqualTo(1);
        }
        check(BundledEvaluator.MINILM_L6_V2_INT8);
    }
}
