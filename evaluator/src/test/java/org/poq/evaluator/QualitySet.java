package org.poq.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The project's quality set (quality-set.tsv): a prompt with two good answers and worse ones written by
 * hand, plus the lazy forms a miner could generate from the prompt alone (wrappers) and an honest answer
 * that quotes the prompt first. Evaluated in pairs mode (each answer alone) and tasks mode (six answers
 * of one task, with two honest answers or with one).
 */
final class QualitySet {
    enum Rival { OFF_TOPIC, DEGENERATE, WRONG, WRAPPER, RESTATEMENT, PARAPHRASED_ECHO }

    /** Lazy answers built from the prompt alone: the wrappers of issue 12 and a few more. */
    static final List<String> WRAPPERS = List.of(
            "Here is what you need to know about: %s",
            "%s That depends on several factors, which I explain below.",
            "Good question! %s",
            "Let me explain. %s This is an important topic that many people ask about.",
            "%s %s",
            "Thanks for asking about this. %s I hope this helps!");

    record Case(String prompt, String good, String good2, Map<Rival, String> rivals) {
        String wrapper(int template) {
            String t = WRAPPERS.get(template);
            return t.startsWith("%s %s") ? String.format(t, prompt, prompt) : String.format(t, prompt);
        }

        /** An honest answer that quotes the prompt and then answers it: must keep its score. */
        String quoteThenAnswer() {
            return "You asked: \"" + prompt + "\" " + good;
        }
    }

    /** How often the good answer scored strictly above each rival, out of {@code comparisons}. */
    record Result(Map<Rival, int[]> wins, int honestCapped, int honestBelowFloor, int honest) {
        double rate(Rival r) {
            int[] w = wins.get(r);
            return w[1] == 0 ? Double.NaN : w[0] / (double) w[1];
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<Rival, int[]> e : wins.entrySet()) {
                if (e.getValue()[1] > 0) {
                    b.append(String.format("good > %-16s %4d/%-4d = %5.1f%%%n", e.getKey().name().toLowerCase(),
                            e.getValue()[0], e.getValue()[1], 100 * rate(e.getKey())));
                }
            }
            b.append(String.format("honest answers capped by the guard: %d of %d; below the quality floor 3000: %d%n",
                    honestCapped, honest, honestBelowFloor));
            return b.toString();
        }
    }

    private QualitySet() {
    }

    static List<Case> load() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String[] f : TsvRows.read("quality-set.tsv", 8)) {
            Map<Rival, String> rivals = new EnumMap<>(Rival.class);
            rivals.put(Rival.OFF_TOPIC, f[2]);
            rivals.put(Rival.DEGENERATE, f[3]);
            rivals.put(Rival.WRONG, f[4]);
            rivals.put(Rival.RESTATEMENT, f[6]);
            rivals.put(Rival.PARAPHRASED_ECHO, f[7]);
            out.add(new Case(f[0], f[1], f[5], rivals));
        }
        return out;
    }

    private static Map<Rival, int[]> emptyWins() {
        Map<Rival, int[]> wins = new EnumMap<>(Rival.class);
        for (Rival r : Rival.values()) {
            wins.put(r, new int[2]);
        }
        return wins;
    }

    private static void count(Map<Rival, int[]> wins, Rival r, int good, int rival) {
        wins.get(r)[1]++;
        if (good > rival) {
            wins.get(r)[0]++;
        }
    }

    /** Pairs mode: every answer scored alone; every wrapper template counts. */
    static Result pairs(Scorer scorer, List<Case> cases) {
        Map<Rival, int[]> wins = emptyWins();
        int capped = 0;
        int below = 0;
        int honest = 0;
        for (Case c : cases) {
            List<String> answers = new ArrayList<>(List.of(c.good(), c.good2(), c.quoteThenAnswer()));
            for (Rival r : Rival.values()) {
                if (r != Rival.WRAPPER) {
                    answers.add(c.rivals().get(r));
                }
            }
            for (int t = 0; t < WRAPPERS.size(); t++) {
                answers.add(c.wrapper(t));
            }
            List<ScoredAnswer> s = scorer.scoreDetailed(c.prompt(), answers);
            int good = s.get(0).score().value();
            for (int h = 0; h < 3; h++) {
                honest++;
                capped += s.get(h).guard().isPresent() ? 1 : 0;
                below += s.get(h).score().value() < 3000 ? 1 : 0;
            }
            int i = 3;
            for (Rival r : Rival.values()) {
                if (r != Rival.WRAPPER) {
                    count(wins, r, good, s.get(i++).score().value());
                }
            }
            while (i < s.size()) {
                count(wins, Rival.WRAPPER, good, s.get(i++).score().value());
            }
        }
        return new Result(wins, capped, below, honest);
    }

    /**
     * Tasks mode: six answers per task, scored together as a validator does. With {@code twoHonest} the
     * task holds both good answers, off-topic, degenerate, wrong and one wrapper; without, one good answer,
     * off-topic, degenerate, wrong, one wrapper and one restatement or paraphrased echo (alternating).
     * {@code score} gives the committed scores (scoreTask) or, for comparison, relevance alone.
     */
    static Result tasks(List<Case> cases, boolean twoHonest, BiFunction<String, List<String>, List<Integer>> score) {
        Map<Rival, int[]> wins = emptyWins();
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            Rival lazy = n % 2 == 0 ? Rival.RESTATEMENT : Rival.PARAPHRASED_ECHO;
            List<String> answers = new ArrayList<>(List.of(c.good(), twoHonest ? c.good2() : c.rivals().get(lazy),
                    c.rivals().get(Rival.OFF_TOPIC), c.rivals().get(Rival.DEGENERATE), c.rivals().get(Rival.WRONG),
                    c.wrapper(n % WRAPPERS.size())));
            List<Integer> s = score.apply(c.prompt(), answers);
            int good = s.get(0);
            if (!twoHonest) {
                count(wins, lazy, good, s.get(1));
            }
            count(wins, Rival.OFF_TOPIC, good, s.get(2));
            count(wins, Rival.DEGENERATE, good, s.get(3));
            count(wins, Rival.WRONG, good, s.get(4));
            count(wins, Rival.WRAPPER, good, s.get(5));
        }
        return new Result(wins, 0, 0, 0);
    }

    /**
     * Relevance does not depend on which answers share a call (tested in DefaultEvaluatorTest and
     * DeterminismTest), so the quality test scores each (prompt, answer) once and reuses it across
     * scenarios; scoreTask is Scorer's own default method on top.
     */
    static Scorer caching(Scorer scorer) {
        java.util.Map<List<String>, ScoredAnswer> cache = new java.util.HashMap<>();
        return new Scorer() {
            @Override
            public List<ScoredAnswer> scoreDetailed(String prompt, List<String> answers) {
                List<String> missing = answers.stream().filter(a -> !cache.containsKey(List.of(prompt, a))).distinct().toList();
                List<ScoredAnswer> fresh = missing.isEmpty() ? List.of() : scorer.scoreDetailed(prompt, missing);
                for (int i = 0; i < missing.size(); i++) {
                    cache.put(List.of(prompt, missing.get(i)), fresh.get(i));
                }
                return answers.stream().map(a -> cache.get(List.of(prompt, a))).toList();
            }

            @Override
            public EvaluatorPackage evaluator() {
                return scorer.evaluator();
            }

            @Override
            public ExecutionInfo execution() {
                return scorer.execution();
            }

            @Override
            public void close() {
                scorer.close();
            }
        };
    }

    static BiFunction<String, List<String>, List<Integer>> committed(Scorer scorer) {
        return (p, a) -> scorer.scoreTask(p, a).stream().map(t -> t.score().value()).toList();
    }

    static BiFunction<String, List<String>, List<Integer>> relevanceAlone(Scorer scorer) {
        return (p, a) -> scorer.score(p, a).stream().map(org.poq.core.Score::value).toList();
    }
}
