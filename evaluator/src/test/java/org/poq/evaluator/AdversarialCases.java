package org.poq.evaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.poq.core.AppPaths;

/**
 * Prints, case by case, how each non-answer of a set is scored beside the two honest answers (relevance
 * alone, guard verdict, committed score, isolation, support): what the rules of decision 0047 were
 * chosen from, on the tuning set only. Run: java -cp ... org.poq.evaluator.AdversarialCases adversarial-tune.tsv
 */
public final class AdversarialCases {
    private AdversarialCases() {
    }

    public static void main(String[] args) throws Exception {
        List<AdversarialSet.Case> cases = AdversarialSet.load(args.length > 0 ? args[0] : "adversarial-tune.tsv");
        Path home = Files.createTempDirectory("poq-cases");
        try (Scorer scorer = Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            for (int n = 0; n < cases.size(); n++) {
                AdversarialSet.Case c = cases.get(n);
                System.out.println("== " + c.lang() + " " + c.kind() + " " + c.prompt());
                for (AdversarialSet.Strategy s : AdversarialSet.Strategy.values()) {
                    if (!s.nonAnswer && s != AdversarialSet.Strategy.WRONG && s != AdversarialSet.Strategy.OFF_TOPIC) {
                        continue;
                    }
                    String x = AdversarialSet.strategy(cases, n, s, 0);
                    List<TaskScore> t = scorer.scoreTask(c.prompt(), List.of(c.good1(), c.good2(), x));
                    System.out.printf("  %-14s %s  honest %5d %5d | x rel %5d %-14s -> %5d iso=%s sup=%d%n", s.name().toLowerCase(),
                            t.get(2).score().value() >= MinerPayout.DEFAULT_QUALITY_FLOOR ? "PAID" : "    ",
                            t.get(0).score().value(), t.get(1).score().value(), t.get(2).relevance().score().value(),
                            t.get(2).relevance().guard().map(Enum::name).orElse("-"), t.get(2).score().value(), t.get(2).isolated(),
                            t.get(2).support());
                }
            }
        }
    }
}
