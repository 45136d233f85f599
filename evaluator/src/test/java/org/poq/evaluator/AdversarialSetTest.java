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
        try (Scorer scorer = QualitySet.caching(Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU)))) {
            AdversarialSet.Figures t = AdversarialSet.play(tune, AdversarialSet.committed(scorer), scorer::scoreDetailed);
            AdversarialSet.Figures h = AdversarialSet.play(held, AdversarialSet.committed(scorer), scorer::scoreDetailed);
            System.out.println("adversarial sets, default evaluator " + scorer.evaluator().id().hex()
                    + "\n-- tuning set (" + tune.size() + " prompts)\n" + t.describe()
                    + "-- held-out set (" + held.size() + " prompts)\n" + h.describe());
        }
    }
}
