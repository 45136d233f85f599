package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;

/**
 * The issue-12 goals on the quality set with the default evaluator (figures in docs/benchmarks/evaluator.md):
 * a lazy miner (wrappers, restatements, paraphrased echoes) never beats the honest answer in pairs mode,
 * agreement lifts good-over-wrong in tasks mode, and without an honest majority the committed scores do
 * no worse than relevance alone.
 */
class QualitySetTest {
    @TempDir
    Path home;

    @Test
    void lazyMinerLosesToTheHonestAnswerAndAgreementHelps() throws Exception {
        List<QualitySet.Case> cases = QualitySet.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        try (Scorer scorer = QualitySet.caching(Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU)))) {
            QualitySet.Result pairs = QualitySet.pairs(scorer, cases);
            QualitySet.Result twoHonest = QualitySet.tasks(cases, true, QualitySet.committed(scorer));
            QualitySet.Result twoHonestRelevance = QualitySet.tasks(cases, true, QualitySet.relevanceAlone(scorer));
            QualitySet.Result oneHonest = QualitySet.tasks(cases, false, QualitySet.committed(scorer));
            QualitySet.Result oneHonestRelevance = QualitySet.tasks(cases, false, QualitySet.relevanceAlone(scorer));
            System.out.println("quality set, default evaluator " + scorer.evaluator().id().hex()
                    + "\n-- pairs mode\n" + pairs.describe()
                    + "-- tasks mode, two honest answers among six (committed scores)\n" + twoHonest.describe()
                    + "-- same tasks, relevance alone\n" + twoHonestRelevance.describe()
                    + "-- tasks mode, one honest answer among six: no honest majority (committed scores)\n" + oneHonest.describe()
                    + "-- same tasks, relevance alone\n" + oneHonestRelevance.describe());

            // Attack: lazy wrappers, paraphrased echoes, off-topic and degenerate answers.
            for (QualitySet.Rival lazy : List.of(QualitySet.Rival.WRAPPER, QualitySet.Rival.PARAPHRASED_ECHO,
                    QualitySet.Rival.OFF_TOPIC, QualitySet.Rival.DEGENERATE)) {
                assertThat(pairs.rate(lazy)).as("pairs mode, good over %s", lazy).isGreaterThanOrEqualTo(0.95);
            }
            // Issue 23's residual keeps a partial restatement whole (honest answers must keep the asked term), so
            // four-word restatements that add a word are left to the model in pairs mode: 36/44 (was 42/44).
            assertThat(pairs.rate(QualitySet.Rival.RESTATEMENT)).isGreaterThanOrEqualTo(0.80);
            assertThat(oneHonest.rate(QualitySet.Rival.RESTATEMENT)).isGreaterThanOrEqualTo(0.95);
            // No honest answer (two per prompt, and one that quotes the prompt before answering) is capped.
            assertThat(pairs.honestCapped()).isZero();
            // Attack: a fluent, on-topic, wrong answer. Version 1's residual (every prompt word removed) lifted pairs
            // mode to 86%, at 2,221 points per honest answer; without it the model alone decides pairs (45%), and
            // agreement lifts tasks with two honest answers (docs/evaluator.md, "Issue 23").
            assertThat(twoHonest.rate(QualitySet.Rival.WRONG)).isGreaterThanOrEqualTo(0.75)
                    .isGreaterThan(twoHonestRelevance.rate(QualitySet.Rival.WRONG));
            for (QualitySet.Rival r : QualitySet.Rival.values()) {
                if (!Double.isNaN(oneHonest.rate(r))) {
                    // Without an honest majority isolation can side with two agreeing rivals: at most one task in 20 worse.
                    assertThat(oneHonest.rate(r)).as("no honest majority, good over %s", r)
                            .isGreaterThanOrEqualTo(oneHonestRelevance.rate(r) - 0.05);
                }
            }
        }
    }
}
