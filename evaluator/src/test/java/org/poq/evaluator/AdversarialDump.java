package org.poq.evaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.AppPaths;

/**
 * Tuning aid for decision 0052: per case and strategy, relevance, committed score and the cosines of the answers'
 * embeddings with each other and with the prompt (TSV on stdout), read by evaluator/bench/semantic_isolation.py.
 * Run: java -cp ... org.poq.evaluator.AdversarialDump adversarial-tune.tsv [more sets]
 */
public final class AdversarialDump {
    private AdversarialDump() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("poq-dump");
        try (OnnxScorer scorer = (OnnxScorer) Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            for (String set : args) {
                List<AdversarialSet.Case> cases = AdversarialSet.load(set);
                for (int n = 0; n < cases.size(); n++) {
                    AdversarialSet.Case c = cases.get(n);
                    List<String> xs = new ArrayList<>(List.of(c.good1(), c.good2()));
                    List<String> names = new ArrayList<>(List.of("good1", "good2"));
                    for (AdversarialSet.Strategy s : AdversarialSet.Strategy.values()) {
                        if (s == AdversarialSet.Strategy.WRAPPER) {
                            continue;
                        }
                        xs.add(AdversarialSet.strategy(cases, n, s, 0));
                        names.add(s.name().toLowerCase());
                    }
                    List<String> withPrompt = new ArrayList<>(xs);
                    withPrompt.add(c.prompt());
                    double[][] e = scorer.embed(withPrompt);
                    double[] p = e[e.length - 1];
                    List<ScoredAnswer> rel = scorer.scoreDetailed(c.prompt(), xs);
                    for (int i = 0; i < xs.size(); i++) {
                        List<String> task = i < 2 ? List.of(c.good1(), c.good2()) : List.of(c.good1(), c.good2(), xs.get(i));
                        List<TaskScore> t = scorer.scoreTask(c.prompt(), task);
                        int committed = t.get(Math.min(i, 2)).score().value();
                        System.out.printf("%s\t%d\t%s\t%s\t%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%s%n", set, n, c.lang(), c.kind(), names.get(i),
                                rel.get(i).score().value(), committed, OnnxScorer.cosine(e[i], e[0]), OnnxScorer.cosine(e[i], e[1]),
                                OnnxScorer.cosine(e[0], e[1]), OnnxScorer.cosine(e[i], p), rel.get(i).raw(),
                                rel.get(i).degeneracy() == null ? "-" : rel.get(i).degeneracy().name());
                    }
                }
            }
        }
    }
}
