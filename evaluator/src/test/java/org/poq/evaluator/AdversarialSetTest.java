package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;

/**
 * Issue 23's goals on the held-out set (tasks mode, default evaluator, CPU), judged by money: who the
 * contract's payout rule pays. Figures are printed for both sets and recorded in docs/evaluator.md.
 */
class AdversarialSetTest {
    @TempDir
    Path home;

    @Test
    void copiesColludersAndNonAnswersAreNotPaid() throws Exception {
        List<AdversarialSet.Case> tune = AdversarialSet.load("adversarial-tune.tsv");
        List<AdversarialSet.Case> held = AdversarialSet.load("adversarial-held.tsv");
        List<AdversarialSet.Case> held2 = AdversarialSet.load("adversarial-held2.tsv");
        List<AdversarialSet.Case> held3 = AdversarialSet.load("adversarial-held3.tsv");
        try (Scorer scorer = QualitySet.caching(Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU)))) {
            AdversarialSet.Figures t = AdversarialSet.play(tune, AdversarialSet.committed(scorer), scorer::scoreDetailed);
            AdversarialSet.Figures h = AdversarialSet.play(held, AdversarialSet.committed(scorer), scorer::scoreDetailed);
            AdversarialSet.Figures h2 = AdversarialSet.play(held2, AdversarialSet.committed(scorer), scorer::scoreDetailed);
            AdversarialSet.Figures h3 = AdversarialSet.play(held3, AdversarialSet.committed(scorer), scorer::scoreDetailed);
            System.out.println("adversarial sets, default evaluator " + scorer.evaluator().id().hex()
                    + "\n-- tuning set (" + tune.size() + " prompts)\n" + t.describe()
                    + "-- held-out set (" + held.size() + " prompts)\n" + h.describe()
                    + "-- second held-out set, decision 0047 (" + held2.size() + " prompts)\n" + h2.describe()
                    + "-- third held-out set, decision 0052 (" + held3.size() + " prompts)\n" + h3.describe());
            // Regression guards at the figures reached on the held-out set (docs/evaluator.md has the goals and the gaps).
            assertThat(h.rate(h.honestPaid)).as("honest answers paid").isGreaterThanOrEqualTo(0.95);
            assertThat(h.rate(h.paid.get(AdversarialSet.Strategy.REFUSAL))).as("refusals paid").isZero();
            assertThat(h.rate(h.honestAbove.get(AdversarialSet.Strategy.WRAPPER))).as("wrappers lose").isGreaterThanOrEqualTo(0.95);
            assertThat(h.rate(h.honestAbove.get(AdversarialSet.Strategy.DEGENERATE))).as("degenerate answers lose").isGreaterThanOrEqualTo(0.95);
            assertThat(h.rate(h.colluders.get("topic list, 2 of 4"))).as("topic-list colluders out-earn the honest").isLessThanOrEqualTo(0.05);
            assertThat(h.rate(h.colluders.get("topic list, 3 of 5"))).isLessThanOrEqualTo(0.05);
            // Decision 0047: a word list nobody asked for is never paid, on both held-out sets; another language less often.
            assertThat(h.rate(h.paid.get(AdversarialSet.Strategy.TOPIC_LIST))).as("topic-word lists paid").isLessThanOrEqualTo(0.05);
            assertThat(h2.rate(h2.paid.get(AdversarialSet.Strategy.TOPIC_LIST))).as("topic-word lists paid, second held-out set").isLessThanOrEqualTo(0.05);
            assertThat(h.rate(h.paid.get(AdversarialSet.Strategy.OTHER_LANGUAGE))).as("answers in another language paid").isLessThanOrEqualTo(0.18);
            // Decision 0052: code is not prose (held-out 2's honest Chinese code answer is paid again), and a short answer
            // with no word of the asked language is capped, on both sets written after decision 0047.
            assertThat(h2.rate(h2.honestPaid)).as("honest answers paid, second held-out set").isGreaterThanOrEqualTo(0.95);
            assertThat(h2.rate(h2.paid.get(AdversarialSet.Strategy.OTHER_LANGUAGE))).as("another language, second held-out set").isLessThanOrEqualTo(0.05);
            assertThat(h3.rate(h3.paid.get(AdversarialSet.Strategy.OTHER_LANGUAGE))).as("another language, third held-out set").isLessThanOrEqualTo(0.05);
            assertThat(h3.rate(h3.paid.get(AdversarialSet.Strategy.REFUSAL))).as("refusals paid, third held-out set").isZero();
            assertThat(h.rate(h.colluders.get("confident wrong, 2 of 4"))).as("wrong colluders out-earn the honest").isLessThanOrEqualTo(0.15);
            assertThat(h.identityMean()).as("one answer under two identities").isLessThanOrEqualTo(0.55);
            assertThat(h.honestLossCount == 0 ? 0 : h.honestLossSum / h.honestLossCount).as("residual cost to honest answers").isLessThanOrEqualTo(500);
        }
    }
}
