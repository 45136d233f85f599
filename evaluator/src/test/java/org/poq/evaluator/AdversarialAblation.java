package org.poq.evaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.poq.core.AppPaths;

/**
 * Tuning aid for decision 0052 (rejected idea: does an answer depend on the question's focus word?): the cosine of
 * each answer with the prompt and with the prompt less one word, TSV on stdout. Run on the tuning set only:
 * java -cp ... org.poq.evaluator.AdversarialAblation adversarial-tune.tsv
 */
public final class AdversarialAblation {
    private AdversarialAblation() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("poq-abl");
        try (OnnxScorer scorer = (OnnxScorer) Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            List<AdversarialSet.Case> cases = AdversarialSet.load(args[0]);
            for (int n = 0; n < cases.size(); n++) {
                AdversarialSet.Case c = cases.get(n);
                List<String> xs = new ArrayList<>(List.of(c.good1(), c.good2()));
                List<String> names = new ArrayList<>(List.of("good1", "good2"));
                for (AdversarialSet.Strategy s : AdversarialSet.Strategy.values()) {
                    if (s == AdversarialSet.Strategy.WRAPPER || s == AdversarialSet.Strategy.REFUSAL || s == AdversarialSet.Strategy.DEGENERATE) {
                        continue;
                    }
                    xs.add(AdversarialSet.strategy(cases, n, s, 0));
                    names.add(s.name().toLowerCase());
                }
                // words: split the prompt on spaces; for CJK, on characters
                String p = c.prompt();
                List<String> variants = new ArrayList<>(List.of(p));
                List<String> removed = new ArrayList<>(List.of("-"));
                String[] ws = p.contains(" ") ? p.split(" ") : p.codePoints().mapToObj(Character::toString).toArray(String[]::new);
                String sep = p.contains(" ") ? " " : "";
                int step = p.contains(" ") ? 1 : 2;
                for (int i = 0; i < ws.length; i += step) {
                    StringBuilder b = new StringBuilder();
                    for (int j = 0; j < ws.length; j++) {
                        if (j < i || j >= i + step) {
                            b.append(b.length() > 0 ? sep : "").append(ws[j]);
                        }
                    }
                    variants.add(b.toString());
                    removed.add(String.join(sep, Arrays.copyOfRange(ws, i, Math.min(ws.length, i + step))));
                }
                List<String> all = new ArrayList<>(xs);
                all.addAll(variants);
                double[][] e = scorer.embed(all);
                for (int v = 0; v < variants.size(); v++) {
                    StringBuilder b = new StringBuilder(n + "\t" + c.lang() + "\t" + removed.get(v).replace('\t', ' '));
                    double[] pv = e[xs.size() + v];
                    b.append(String.format("\t%.4f", OnnxScorer.cosine(pv, e[xs.size()])));
                    for (int i = 0; i < xs.size(); i++) {
                        b.append(String.format("\t%s=%.4f", names.get(i), OnnxScorer.cosine(e[i], pv)));
                    }
                    System.out.println(b);
                }
            }
        }
    }
}
