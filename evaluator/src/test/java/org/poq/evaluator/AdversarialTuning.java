package org.poq.evaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.poq.core.AppPaths;

/**
 * Prints the issue-23 figures of a set for the standard agreement rule and for variants of its
 * parameters (relevance scored once): how the thresholds were chosen, on the tuning set only.
 * Run: java -cp ... org.poq.evaluator.AdversarialTuning adversarial-tune.tsv [gate,dup,weight,copy,lift,core ...]
 */
public final class AdversarialTuning {
    private AdversarialTuning() {
    }

    /** Dice (permille) of the two honest answers, and of each strategy with its closer honest answer; content Jaccard of the honest pair. */
    private static void printAgreement(List<AdversarialSet.Case> cases) {
        for (int n = 0; n < cases.size(); n++) {
            AdversarialSet.Case c = cases.get(n);
            java.util.Set<String> ins = ContentWords.instructionKeys(PromptOverlap.of(c.prompt()));
            java.util.Set<String> g1 = ContentWords.of(c.good1(), ins);
            java.util.Set<String> g2 = ContentWords.of(c.good2(), ins);
            StringBuilder b = new StringBuilder(String.format("%s %-9s honest dice %4d jaccard %3d%% |", c.lang(), c.kind(), dice(g1, g2), jaccard(g1, g2)));
            for (AdversarialSet.Strategy s : AdversarialSet.Strategy.values()) {
                java.util.Set<String> x = ContentWords.of(AdversarialSet.strategy(cases, n, s, 0), ins);
                b.append(' ').append(s.name().toLowerCase(), 0, 4).append('=').append(Math.max(dice(x, g1), dice(x, g2)));
            }
            System.out.println(b + "  " + g1 + " " + g2);
        }
    }

    private static int dice(java.util.Set<String> a, java.util.Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        long common = a.stream().filter(b::contains).count();
        return (int) (2000 * common / (a.size() + b.size()));
    }

    private static int jaccard(java.util.Set<String> a, java.util.Set<String> b) {
        long common = a.stream().filter(b::contains).count();
        long union = a.size() + b.size() - common;
        return union == 0 ? 0 : (int) (100 * common / union);
    }

    public static void main(String[] args) throws Exception {
        List<AdversarialSet.Case> cases = AdversarialSet.load(args.length > 0 ? args[0] : "adversarial-tune.tsv");
        printAgreement(cases);
        Path home = Files.createTempDirectory("poq-tuning");
        try (Scorer scorer = QualitySet.caching(Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU)))) {
            System.out.println("evaluator " + scorer.evaluator().id().hex());
            List<AgreementRule> rules = new java.util.ArrayList<>(List.of(AgreementRule.standard()));
            for (int i = 1; i < args.length; i++) {
                int[] p = java.util.Arrays.stream(args[i].split(",")).mapToInt(Integer::parseInt).toArray();
                rules.add(new AgreementRule(p[0], p[1], p[2], p[3], p[4], p[5]));
            }
            for (AgreementRule rule : rules) {
                AdversarialSet.Figures f = AdversarialSet.play(cases, (p, a) -> {
                    int[] r = scorer.scoreDetailed(p, a).stream().mapToInt(s -> s.score().value()).toArray();
                    return rule.apply(p, a, r).stream().map(AgreementRule.Outcome::score).toList();
                }, scorer::scoreDetailed);
                System.out.println("-- " + rule + "\n" + f.describe());
            }
        }
    }
}
