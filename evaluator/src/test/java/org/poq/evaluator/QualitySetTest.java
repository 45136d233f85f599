package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;

/**
 * How often the default evaluator ranks the good answer above each worse one. The floors are set
 * a little under what all-MiniLM-L6-v2 achieves (docs/benchmarks/evaluator.md), so a regression in
 * the scorer, the head or the guard fails here.
 */
class QualitySetTest {
    @TempDir
    Path home;

    @Test
    void defaultEvaluatorRanksGoodAnswersFirst() throws Exception {
        List<QualitySet.Case> cases = QualitySet.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        try (Scorer scorer = Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            QualitySet.Result r = QualitySet.evaluate(scorer, cases);
            System.out.println("quality set, default evaluator " + scorer.evaluator().id().hex() + ":\n" + r.describe());
            assertThat(r.rate(QualitySet.Rival.OFF_TOPIC)).isGreaterThanOrEqualTo(0.95);
            assertThat(r.rate(QualitySet.Rival.DEGENERATE)).isGreaterThanOrEqualTo(0.95);
            // Near chance for a bi-encoder (it measures topicality, not truth); the floor catches a scorer that prefers wrong answers.
            assertThat(r.rate(QualitySet.Rival.WRONG)).isGreaterThanOrEqualTo(0.35);
        }
    }
}
