package org.poq.evaluator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.poq.core.Score;

/**
 * The second signal: how an answer's content stands against the task's other answers (docs/evaluator.md,
 * decisions 0011 and 0029). Miners commit before anyone reveals, so independent honest answers agree
 * because they are right, and identical content can only come from one operator.
 *
 * <p>Integer arithmetic on word sets only, so every honest validator gets the same numbers from the same
 * relevance scores:
 * <ol>
 *   <li>Content of an answer ({@link ContentWords}): the keys of the words it adds to the instruction,
 *       without function words; Chinese and Japanese by character pairs.</li>
 *   <li>Copies form one group: whole word sets with a Jaccard index of at least {@code duplicatePercent},
 *       or content sets with a Jaccard index of at least {@code copyPercent} (above what independent honest
 *       answers reach: padding a copy with the prompt's words and function words changes nothing). Two short
 *       answers with the same content ("1728") are copies too: lexically, two honest miners who agree on one
 *       number cannot be told from two addresses of one colluder (decision 0029).</li>
 *   <li>An answer takes part when its relevance is at least {@code gate} and it has content.</li>
 *   <li>Agreement of answer i with another group: the highest Dice {@code floor(2000 |Ci ∩ Cj| / (|Ci| + |Cj|))}
 *       permille with a member of that group. Support of i: the <em>second</em> highest over the other groups,
 *       so one partner buys nothing.</li>
 *   <li>Isolation: let A be the highest agreement between two answers of other groups than i's. When
 *       A >= {@code corePermille} and i's best agreement is below A / 2 (or below {@link #BARE_LIST_PERMILLE}
 *       when i is a bare word list, {@link WordList}), i says something else than two answers that agree:
 *       its score is at most {@code gate - 1} and at most {@code 2 r best / A}, so it is not paid. A bare word
 *       list for a prompt that asks for no list ({@link ListRequest}) is isolated whenever its best agreement is
 *       below {@link #BARE_LIST_PERMILLE}, even in a task without two agreeing answers (score at most
 *       {@code r best / 600}), and set aside before the others are judged, so it corroborates nobody;
 *       otherwise a task without two agreeing answers keeps every relevance.</li>
 *   <li>Lift of a corroborated or undecided answer: {@code min(liftCap, (10000 - r) * support * weight / 1e6)};
 *       an answer below the gate gets none, so agreement alone never carries it over the floor.</li>
 *   <li>A group of n copies shares at most one answer's reward: each member's score s becomes s / n; the
 *       contract pays by the square of the score, so the group weighs s² / n.</li>
 * </ol>
 *
 * @param gate             the least relevance that takes part (the protocol's default quality floor)
 * @param duplicatePercent whole-word-set Jaccard percentage at or above which two answers are copies
 * @param weightPermille   how far full support lifts toward 10000 (1000 = all the way), before the cap
 * @param copyPercent      content-set Jaccard percentage at or above which two answers are copies
 * @param liftCap          the most points agreement adds
 * @param corePermille     the agreement at which two groups corroborate each other
 */
public record AgreementRule(int gate, int duplicatePercent, int weightPermille, int copyPercent, int liftCap, int corePermille) {
    /**
     * Bumped whenever the algorithm above changes a number; part of the evaluator id. 2: copies, second-best,
     * isolation. 3: a bare word list (also one padded with the prompt's words) is isolated when the prompt asks
     * for no list, even where no two answers agree (decision 0047).
     */
    public static final int RULES_VERSION = 3;
    /** The agreement a bare word list needs with another answer to count as an answer (docs/evaluator.md). */
    static final int BARE_LIST_PERMILLE = 600;

    public AgreementRule {
        if (gate < 1 || gate > Score.MAX) {
            throw new IllegalArgumentException("agreement gate must be in 1..10000: " + gate);
        }
        if (duplicatePercent < 1 || duplicatePercent > 100) {
            throw new IllegalArgumentException("agreement duplicatePercent must be in 1..100: " + duplicatePercent);
        }
        if (weightPermille < 0 || weightPermille > 1000) {
            throw new IllegalArgumentException("agreement weightPermille must be in 0..1000: " + weightPermille);
        }
        if (copyPercent < 1 || copyPercent > 100) {
            throw new IllegalArgumentException("agreement copyPercent must be in 1..100: " + copyPercent);
        }
        if (liftCap < 0 || liftCap > Score.MAX) {
            throw new IllegalArgumentException("agreement liftCap must be in 0..10000: " + liftCap);
        }
        if (corePermille < 1 || corePermille > 1000) {
            throw new IllegalArgumentException("agreement corePermille must be in 1..1000: " + corePermille);
        }
    }

    /** The default evaluator's rule: gate 3000, copies at 80% of all words or 75% of content, lift at most 1500, core 100. */
    public static AgreementRule standard() {
        return new AgreementRule(3000, 80, 1000, 75, 1500, 100);
    }

    /** The id line (docs/evaluator.md). */
    String canonicalLine() {
        return "agreement lexical rules=" + RULES_VERSION + " gate=" + gate + " duplicate_percent=" + duplicatePercent
                + " weight_permille=" + weightPermille + " copy_percent=" + copyPercent + " lift_cap=" + liftCap
                + " core_permille=" + corePermille + "\n";
    }

    /**
     * One answer's outcome.
     *
     * @param score    what a validator commits
     * @param support  the agreement it got (permille, the second-best group)
     * @param group    the first answer of its copy group
     * @param copies   how many answers its copy group has (1: no copy)
     * @param isolated true when the task has corroborating answers and this one agrees with none of them
     */
    public record Outcome(int score, int support, int group, int copies, boolean isolated) {
    }

    /** Final scores for one task's answers from their relevance scores (same order). */
    public List<Outcome> apply(String prompt, List<String> answers, int[] relevance) {
        if (relevance.length != answers.size()) {
            throw new IllegalArgumentException("one relevance score per answer");
        }
        PromptOverlap overlap = PromptOverlap.of(prompt);
        Set<String> instruction = ContentWords.instructionKeys(overlap);
        int n = answers.size();
        List<Set<String>> content = new ArrayList<>(n);
        List<Set<String>> all = new ArrayList<>(n);
        for (String a : answers) {
            content.add(ContentWords.of(a, instruction));
            Set<String> keys = new HashSet<>();
            PromptOverlap.words(PromptOverlap.normalize(a)).forEach(w -> keys.addAll(ContentWords.keys(w)));
            all.add(keys);
        }
        int[] group = copyGroups(content, all);
        int[] members = new int[n];
        for (int g : group) {
            members[g]++;
        }
        boolean[] takesPart = new boolean[n];
        for (int i = 0; i < n; i++) {
            takesPart[i] = relevance[i] >= gate && !content.get(i).isEmpty();
        }
        int[][] agree = agreement(content, group, takesPart);
        // A bare word list for a prompt that asks for no list answers nothing (decision 0047): unless another answer
        // repeats it almost word for word it is set aside before agreement is judged, so it neither corroborates
        // an answer nor isolates one, whether or not the task's other answers agree with each other.
        int[] unaskedList = new int[n];
        Arrays.fill(unaskedList, -1);
        if (!ListRequest.asked(prompt)) {
            for (int i = 0; i < n; i++) {
                int best = Arrays.stream(agree[i]).max().orElse(0);
                if (takesPart[i] && best < BARE_LIST_PERMILLE && WordList.isBareBeside(answers.get(i), instruction)) {
                    unaskedList[i] = best;
                    takesPart[i] = false;
                }
            }
            agree = agreement(content, group, takesPart);
        }
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int r = relevance[i];
            int[] byGroup = agree[i].clone();
            Arrays.sort(byGroup);
            int best = byGroup[n - 1];
            int support = n >= 2 ? byGroup[n - 2] : 0;
            int others = topAgreementWithout(agree, group, group[i]);
            // Beside two other answers that agree, an answer that agrees with them less than half as much says something else;
            // a bare word list must be given by another answer almost word for word (the topic-word list attack).
            boolean isolated = takesPart[i] && others >= corePermille
                    && (2L * best < others || (WordList.isBareBeside(answers.get(i), instruction) && best < BARE_LIST_PERMILLE));
            long score;
            if (unaskedList[i] >= 0) {
                isolated = true;
                score = Math.min(gate - 1, (long) r * unaskedList[i] / BARE_LIST_PERMILLE);
                support = 0;
            } else if (isolated) {
                score = Math.min(gate - 1, 2L * r * best / others);
                support = 0;
            } else {
                long lift = takesPart[i] ? (long) (Score.MAX - r) * support * weightPermille / 1_000_000L : 0;
                score = r + Math.min(liftCap, lift);
            }
            out.add(new Outcome(oneShare(score, members[group[i]]), support, group[i], members[group[i]], isolated));
        }
        return out;
    }

    /** agree[i][g]: answer i's best agreement with a taking-part member of group g (another group than its own). */
    private static int[][] agreement(List<Set<String>> content, int[] group, boolean[] takesPart) {
        int n = content.size();
        int[][] agree = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (takesPart[i] && takesPart[j] && group[i] != group[j]) {
                    agree[i][group[j]] = Math.max(agree[i][group[j]], dice(content.get(i), content.get(j)));
                }
            }
        }
        return agree;
    }

    /** The highest agreement between two answers of groups other than {@code excluded}. */
    private static int topAgreementWithout(int[][] agree, int[] group, int excluded) {
        int top = 0;
        for (int a = 0; a < agree.length; a++) {
            if (group[a] == excluded) {
                continue;
            }
            for (int g = 0; g < agree[a].length; g++) {
                if (g != excluded) {
                    top = Math.max(top, agree[a][g]);
                }
            }
        }
        return top;
    }

    /**
     * A member's score in a group of n copies: s / n (integer division). The contract pays by the square of
     * the score, so the group weighs s² / n: less than one answer, and the less the more identities share it,
     * so splitting one answer over several addresses never pays (decision 0029).
     */
    static int oneShare(long s, int copies) {
        return (int) (s / Math.max(1, copies));
    }

    /** Union of copies; each answer is labelled with the lowest index of its group. */
    private int[] copyGroups(List<Set<String>> content, List<Set<String>> all) {
        int n = content.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                boolean copy = jaccardAtLeast(all.get(i), all.get(j), duplicatePercent)
                        || (!content.get(i).isEmpty() && !content.get(j).isEmpty()
                        && jaccardAtLeast(content.get(i), content.get(j), copyPercent));
                if (copy) {
                    int a = root(parent, i);
                    int b = root(parent, j);
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = root(parent, i);
        }
        return group;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    private static boolean jaccardAtLeast(Set<String> a, Set<String> b, int percent) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return true;
        }
        int common = a.size() + b.size() - union.size();
        return 100L * common >= (long) percent * union.size();
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
