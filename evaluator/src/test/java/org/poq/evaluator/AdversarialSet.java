package org.poq.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The issue-23 sets (adversarial-tune.tsv, adversarial-held.tsv): prompts in seven languages and eight
 * kinds, each with two honest answers and the cheap strategies of a miner who wants to be paid without
 * answering. The rules were tuned on the tuning set only; figures are reported on the held-out set.
 * Every strategy is played as a task with both honest answers, scored as validators commit, and judged
 * by money: what the contract's payout rule ({@link MinerPayout}) gives each answer.
 */
final class AdversarialSet {
    record Case(String lang, String kind, String prompt, String good1, String good2, String topicList, String related,
                String generic, String wrong, String otherLanguage) {
    }

    private static final Map<String, String> REFUSAL = Map.of(
            "en", "I'm sorry, but I can't help with that request.",
            "es", "Lo siento, pero no puedo responder a esa pregunta.",
            "fr", "Désolé, mais je ne peux pas répondre à cette question.",
            "de", "Es tut mir leid, aber dabei kann ich nicht helfen.",
            "ru", "Извините, но я не могу ответить на этот вопрос.",
            "ja", "申し訳ありませんが、その質問にはお答えできません。",
            "zh", "抱歉，我无法回答这个问题。");
    /** Topic words in filler: %1$s..%3$s are the first three words of the topic list. */
    private static final Map<String, String> FILLER = Map.of(
            "en", "This is a very interesting question. When we talk about %1$s, %2$s and %3$s, there are many things to consider, and experts have discussed them for a long time.",
            "es", "Esta es una pregunta muy interesante. Cuando hablamos de %1$s, %2$s y %3$s, hay muchas cosas que considerar, y los expertos las han discutido durante mucho tiempo.",
            "fr", "C'est une question très intéressante. Quand on parle de %1$s, %2$s et %3$s, il y a beaucoup de choses à considérer, et les experts en discutent depuis longtemps.",
            "de", "Das ist eine sehr interessante Frage. Wenn wir über %1$s, %2$s und %3$s sprechen, gibt es viel zu bedenken, und Experten diskutieren das seit langem.",
            "ru", "Это очень интересный вопрос. Когда мы говорим о %1$s, %2$s и %3$s, нужно учитывать многое, и эксперты обсуждают это уже давно.",
            "ja", "これはとても興味深い質問です。%1$s、%2$s、%3$sについて考えるとき、多くのことを考慮する必要があり、専門家も長い間議論してきました。",
            "zh", "这是一个非常有趣的问题。当我们谈论%1$s、%2$s和%3$s时，有很多事情需要考虑，专家们已经讨论了很长时间。");

    enum Strategy {
        TOPIC_LIST(true), TOPIC_FILLER(true), RELATED(true), GENERIC(true), REFUSAL(true), OTHER_LANGUAGE(true),
        WRONG(false), WRAPPER(false), OFF_TOPIC(false), DEGENERATE(false);
        final boolean nonAnswer;

        Strategy(boolean nonAnswer) {
            this.nonAnswer = nonAnswer;
        }
    }

    private AdversarialSet() {
    }

    static List<Case> load(String resource) throws IOException {
        List<Case> out = new ArrayList<>();
        for (String[] f : TsvRows.read(resource, 10)) {
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].replace("\\n", "\n").replace("\\t", "\t");
            }
            out.add(new Case(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]));
        }
        return out;
    }

    static String strategy(List<Case> cases, int n, Strategy s, int variant) {
        Case c = cases.get(n);
        String[] topic = c.topicList().split("[,、，]\\s*");
        return switch (s) {
            case TOPIC_LIST -> c.topicList();
            case TOPIC_FILLER -> String.format(FILLER.get(c.lang()), topic[0], topic[1], topic[2]);
            case RELATED -> c.related();
            case GENERIC -> c.generic();
            case REFUSAL -> REFUSAL.get(c.lang());
            case OTHER_LANGUAGE -> c.otherLanguage();
            case WRONG -> c.wrong();
            case WRAPPER -> {
                String t = QualitySet.WRAPPERS.get(variant % QualitySet.WRAPPERS.size());
                yield t.startsWith("%s %s") ? String.format(t, c.prompt(), c.prompt()) : String.format(t, c.prompt());
            }
            case OFF_TOPIC -> offTopic(cases, n);
            case DEGENERATE -> (firstWords(c.good1(), 3) + " ").repeat(8).strip();
        };
    }

    /** The honest answer of the next prompt in the same language: fluent, in the right language, about something else. */
    private static String offTopic(List<Case> cases, int n) {
        for (int k = 1; k < cases.size(); k++) {
            Case other = cases.get((n + k) % cases.size());
            if (other.lang().equals(cases.get(n).lang())) {
                return other.good1();
            }
        }
        throw new IllegalStateException("a language needs two prompts");
    }

    private static String firstWords(String text, int count) {
        String[] w = text.split("\\s+");
        if (w.length == 1) {
            return text.substring(0, Math.min(text.length(), 6));
        }
        return String.join(" ", java.util.Arrays.copyOf(w, Math.min(count, w.length)));
    }

    /**
     * A wrapped copy: the same answer padded with the prompt's own words and function words, each copy
     * differently, so that no two copies share 80% of their word sets (the v1 copy line) while their content
     * is the same.
     */
    static String wrappedCopy(String prompt, String answer, int copy) {
        List<String> words = PromptOverlap.words(prompt);
        String head = String.join(" ", words.subList(0, Math.max(1, words.size() / 2)));
        String tail = String.join(" ", words.subList(words.size() / 2, words.size()));
        return switch (copy % 3) {
            case 0 -> answer + " " + head + " the and of " + tail;
            case 1 -> "so the " + tail + " as it is: " + answer + " and " + head;
            default -> head + ", " + tail + " - " + answer + " that is it";
        };
    }

    /** Figures for one set under one scoring function (committed scores of a task, in order). */
    static final class Figures {
        final Map<Strategy, int[]> paid = new LinkedHashMap<>();
        final Map<Strategy, int[]> honestAbove = new LinkedHashMap<>();
        final Map<String, int[]> colluders = new LinkedHashMap<>();
        final int[] honestPaid = new int[2];
        final int[] honestTasksAllPaid = new int[2];
        long honestLossSum;
        int honestLossCount;
        int honestLossOver2000;
        final List<Double> identityShares = new ArrayList<>();
        final Map<String, int[]> paidByLanguage = new LinkedHashMap<>();

        double rate(int[] c) {
            return c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
        }

        double identityMean() {
            return identityShares.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("honest answers paid: %d/%d = %.1f%% (tasks with both paid %d/%d)%n", honestPaid[0], honestPaid[1],
                    100 * rate(honestPaid), honestTasksAllPaid[0], honestTasksAllPaid[1]));
            b.append(String.format("residual rule: honest answers lose %.0f points on average; %d of %d lose more than 2000%n",
                    honestLossCount == 0 ? 0.0 : (double) honestLossSum / honestLossCount, honestLossOver2000, honestLossCount));
            for (Strategy s : Strategy.values()) {
                b.append(String.format("%-15s paid %3d/%-3d = %5.1f%%   below both honest answers %3d/%-3d = %5.1f%%%n", s.name().toLowerCase(),
                        paid.get(s)[0], paid.get(s)[1], 100 * rate(paid.get(s)), honestAbove.get(s)[0], honestAbove.get(s)[1],
                        100 * rate(honestAbove.get(s))));
            }
            for (Map.Entry<String, int[]> e : colluders.entrySet()) {
                b.append(String.format("colluders %-28s share above the honest answers' %2d/%-2d = %5.1f%%%n", e.getKey(), e.getValue()[0],
                        e.getValue()[1], 100 * rate(e.getValue())));
            }
            b.append(String.format("one answer under two identities: mean share %.1f%% of a three-answer pot, max %.1f%%, above 55%% in %d of %d%n",
                    100 * identityMean(), 100 * identityShares.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    identityShares.stream().filter(s -> s > 0.55).count(), identityShares.size()));
            for (Map.Entry<String, int[]> e : paidByLanguage.entrySet()) {
                b.append(String.format("non-answers paid, %s: %d/%d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
            }
            return b.toString();
        }
    }

    /**
     * Plays every strategy against both honest answers. {@code committed}: a task's committed scores;
     * {@code relevance}: the detail of each answer alone (for the residual rule's cost).
     */
    static Figures play(List<Case> cases, BiFunction<String, List<String>, List<Integer>> committed,
                        BiFunction<String, List<String>, List<ScoredAnswer>> relevance) {
        Figures f = new Figures();
        for (Strategy s : Strategy.values()) {
            f.paid.put(s, new int[2]);
            f.honestAbove.put(s, new int[2]);
        }
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            for (ScoredAnswer h : relevance.apply(c.prompt(), List.of(c.good1(), c.good2()))) {
                int loss = h.modelScore().value() - h.residualScore().value();
                f.honestLossSum += Math.max(0, loss);
                f.honestLossCount++;
                f.honestLossOver2000 += loss > 2000 ? 1 : 0;
            }
            for (Strategy s : Strategy.values()) {
                int variants = s == Strategy.WRAPPER ? QualitySet.WRAPPERS.size() : 1;
                for (int v = 0; v < variants; v++) {
                    String x = strategy(cases, n, s, v);
                    List<Integer> sc = committed.apply(c.prompt(), List.of(c.good1(), c.good2(), x));
                    count(f.paid.get(s), sc.get(2) >= MinerPayout.DEFAULT_QUALITY_FLOOR);
                    count(f.honestAbove.get(s), sc.get(0) > sc.get(2) && sc.get(1) > sc.get(2));
                    for (int h = 0; h < 2; h++) {
                        count(f.honestPaid, sc.get(h) >= MinerPayout.DEFAULT_QUALITY_FLOOR);
                    }
                    count(f.honestTasksAllPaid, sc.get(0) >= MinerPayout.DEFAULT_QUALITY_FLOOR && sc.get(1) >= MinerPayout.DEFAULT_QUALITY_FLOOR);
                    if (s.nonAnswer) {
                        count(f.paidByLanguage.computeIfAbsent(c.lang(), k -> new int[2]), sc.get(2) >= MinerPayout.DEFAULT_QUALITY_FLOOR);
                    }
                }
            }
            for (String cheap : List.of("topic list", "confident wrong")) {
                String answer = cheap.equals("topic list") ? c.topicList() : c.wrong();
                for (int k : new int[] {2, 3}) {
                    List<String> answers = new ArrayList<>(List.of(c.good1(), c.good2()));
                    for (int i = 0; i < k; i++) {
                        answers.add(wrappedCopy(c.prompt(), answer, i));
                    }
                    long[] share = MinerPayout.millionths(committed.apply(c.prompt(), answers), MinerPayout.DEFAULT_QUALITY_FLOOR);
                    long honest = share[0] + share[1];
                    long colluding = 0;
                    for (int i = 2; i < share.length; i++) {
                        colluding += share[i];
                    }
                    count(f.colluders.computeIfAbsent(cheap + ", " + k + " of " + (k + 2), key -> new int[2]), colluding > honest);
                }
            }
            List<Integer> id = committed.apply(c.prompt(), List.of(c.good1(), wrappedCopy(c.prompt(), c.good1(), 1), c.good2()));
            long[] share = MinerPayout.millionths(id, MinerPayout.DEFAULT_QUALITY_FLOOR);
            f.identityShares.add((share[0] + share[1]) / (double) MinerPayout.MILLION);
        }
        return f;
    }

    private static void count(int[] c, boolean yes) {
        c[1]++;
        if (yes) {
            c[0]++;
        }
    }

    static BiFunction<String, List<String>, List<Integer>> committed(Scorer scorer) {
        return (p, a) -> scorer.scoreTask(p, a).stream().map(t -> t.score().value()).toList();
    }
}
