package org.poq.app.cli;

import java.util.List;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;

/** The evaluators a new local network knows from the start: the ones that ship with the app. */
final class KnownEvaluators {
    private KnownEvaluators() {
    }

    static List<Deployer.EvaluatorEntry> bundled() {
        return List.of(new Deployer.EvaluatorEntry(DefaultEvaluator.id(), DefaultEvaluator.BUNDLED.name().toLowerCase()));
    }
}
