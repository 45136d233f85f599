package org.poq.evaluator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.poq.core.Score;

/**
 * The second signal: how much an answer agrees in content with the task's other answers
 * (docs/evaluator.md, docs/decisions/0011). Miners commit before anyone reveals, so honest answers
 * agree because they are right, not because one copied the other; an isolated fluent answer is likelier
 * wrong.
 *
 * <p>Integer arithmetic on word sets only, so every honest validator gets the same numbers from the same
 * relevance scores:
 * <ol>
 *   <li>An answer's content words: the keys ({@link PromptOverlap#key}) of its words that are not in the
 *       prompt's instruction and not function words.</li>
 *   <li>Near-duplicates form one group: two answers whose word-key sets have a Jaccard index of at least
 *       {@code duplicatePercent} (copies, copies with a word changed). A group counts as one voice.</li>
 *   <li>Only answers with relevance at least {@code gate} take part (give or get support): off-topic and
 *       degenerate answers neither vote nor are lifted.</li>
 *   <li>Support of answer i = the highest Dice agreement, {@code floor(2000 |Ci ∩ Cj| / (|Ci| + |Cj|))}
 *       permille, with any answer j of another group.</li>
 *   <li>Final score = {@code r + floor((10000 - r) * support * weightPermille / 1e6)}: support only lifts,
 *       towards 10000, and an answer nobody agrees with keeps its relevance r exactly.</li>
 * </ol>
 * Without an honest majority: since support is symmetric and the lift is monotone in r, two answers that
 * agree only with each other keep their relevance order; a rival passes an honest answer only by agreeing
 * with a third relevant, distinct answer more than the honest one does.
 *
 * @param gate             the least relevance that takes part
 * @param duplicatePercent Jaccard percentage at or above which two answers are one voice
 * @param weightPermille   how far full support lifts toward 10000 (1000 = all the way)
 */
public record AgreementRule(int gate, int duplicatePercent, int weightPermille) {
    /** Bumped whenever the algorithm above changes a number; part of the evaluator id. */
    public static final int RULES_VERSION = 1;
    public AgreementRule {
        if (gate < 0 || gate > Score.MAX) {
            throw new IllegalArgumentException("agreement gate must be in 0..10000: " + gate);
        }
        if (duplicatePercent < 1 || duplicatePercent > 100) {
            throw new IllegalArgumentException("agreement duplicatePercent must be in 1..100: " + duplicatePercent);
        }
        if (weightPermille < 0 || weightPermille > 1000) {
            throw new IllegalArgumentException("agreement weightPermille must be in 0..1000: " + weightPermille);
        }
    }

    /** Gate 3000 (the protocol's default miner quality floor), duplicates at 80% Jaccard, full weight. */
    public static AgreementRule standard() {
        return new AgreementRule(3000, 80, 1000);
    }

    /** The id line (docs/evaluator.md). */
    String canonicalLine() {
        return "agreement lexical rules=" + RULES_VERSION + " gate=" + gate + " duplicate_percent=" + duplicatePercent
                + " weight_permille=" + weightPermille + "\n";
    }

    /** One answer's outcome: its final score, the support it got (permille) and the first answer of its group. */
    public record Outcome(int score, int support, int group) {
    }

    /** Final scores for one task's answers from their relevance scores (same order). */
    public List<Outcome> apply(String prompt, List<String> answers, int[] relevance) {
        if (relevance.length != answers.size()) {
            throw new IllegalArgumentException("one relevance score per answer");
        }
        PromptOverlap overlap = PromptOverlap.of(prompt);
        int n = answers.size();
        List<Set<String>> content = new ArrayList<>(n);
        List<Set<String>> all = new ArrayList<>(n);
        for (String a : answers) {
            Set<String> c = new HashSet<>();
            for (String w : PromptOverlap.words(PromptOverlap.normalize(a))) {
                // One letter ("s" of a possessive) or a function word says nothing; a one-digit number does.
                if (!PromptOverlap.isFunctionWord(w) && (w.length() > 1 || Character.isDigit(w.charAt(0)))) {
                    c.add(PromptOverlap.key(w));
                }
            }
            c.retainAll(overlap.addedKeys(a));
            content.add(c);
            Set<String> keys = new HashSet<>();
            PromptOverlap.words(PromptOverlap.normalize(a)).forEach(w -> keys.add(PromptOverlap.key(w)));
            all.add(keys);
        }
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = i;
            for (int j = 0; j < i; j++) {
                if (nearDuplicates(all.get(i), all.get(j))) {
                    group[i] = group[j];
                    break;
                }
            }
        }
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int r = relevance[i];
            int support = 0;
            if (r >= gate && !content.get(i).isEmpty()) {
                for (int j = 0; j < n; j++) {
                    if (group[j] != group[i] && relevance[j] >= gate && !content.get(j).isEmpty()) {
                        support = Math.max(support, dice(content.get(i), content.get(j)));
                    }
                }
            }
            long lift = (long) (Score.MAX - r) * support * weightPermille / 1_000_000L;
            out.add(new Outcome((int) (r + lift), support, group[i]));
        }
        return out;
    }

    private boolean nearDuplicates(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return true;
        }
        int common = a.size() + b.size() - union.size();
        return 100L * common >= (long) duplicatePercent * union.size();
    }

    private static int dice(Set<String> a, Set<String> b) {
        int common = 0;
        for (String k : a) {
            if (b.contains(k)) {
                common++;
            }
        }
        return 2000 * common / (a.size() + b.size());
    }
}
