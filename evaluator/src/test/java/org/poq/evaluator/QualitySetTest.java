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

            // Attack: lazy wrappers, four-word restatements and paraphrased echoes of the prompt.
            for (QualitySet.Rival lazy : List.of(QualitySet.Rival.WRAPPER, QualitySet.Rival.RESTATEMENT, QualitySet.Rival.PARAPHRASED_ECHO,
                    QualitySet.Rival.OFF_TOPIC, QualitySet.Rival.DEGENERATE)) {
                assertThat(pairs.rate(lazy)).as("pairs mode, good over %s", lazy).isGreaterThanOrEqualTo(0.95);
            }
            // No honest answer (two per prompt, and one that quotes the prompt before answering) is capped.
            assertThat(pairs.honestCapped()).isZero();
            // Attack: a fluent, on-topic, wrong answer that restates the question.
            assertThat(pairs.rate(QualitySet.Rival.WRONG)).isGreaterThanOrEqualTo(0.85);
            assertThat(twoHonest.rate(QualitySet.Rival.WRONG)).isGreaterThanOrEqualTo(0.85)
                    .isGreaterThanOrEqualTo(twoHonestRelevance.rate(QualitySet.Rival.WRONG));
            for (QualitySet.Rival r : QualitySet.Rival.values()) {
                if (!Double.isNaN(oneHonest.rate(r))) {
                    assertThat(oneHonest.rate(r)).as("no honest majority, good over %s", r)
                            .isGreaterThanOrEqualTo(oneHonestRelevance.rate(r));
                }
            }
        }
    }
}
