package org.poq.evaluator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The project's quality set (quality-set.tsv): a prompt with a good answer and three worse ones. */
final class QualitySet {
    enum Rival { OFF_TOPIC, DEGENERATE, WRONG }

    record Case(String prompt, String good, Map<Rival, String> rivals) {
    }

    /** How often the good answer scored strictly above each rival, out of {@code cases}. */
    record Result(int cases, Map<Rival, Integer> goodWins) {
        double rate(Rival r) {
            return goodWins.get(r) / (double) cases;
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            for (Rival r : Rival.values()) {
                b.append(String.format("good > %-10s %3d/%d = %5.1f%%%n", r.name().toLowerCase(), goodWins.get(r), cases, 100 * rate(r)));
            }
            return b.toString();
        }
    }

    private QualitySet() {
    }

    static List<Case> load() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = QualitySet.class.getResourceAsStream("quality-set.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IllegalStateException("quality-set.tsv: 5 fields expected: " + line);
                }
                Map<Rival, String> rivals = new EnumMap<>(Rival.class);
                rivals.put(Rival.OFF_TOPIC, f[2]);
                rivals.put(Rival.DEGENERATE, f[3]);
                rivals.put(Rival.WRONG, f[4]);
                out.add(new Case(f[0], f[1], rivals));
            }
        }
        return out;
    }

    static Result evaluate(Scorer scorer, List<Case> cases) {
        Map<Rival, Integer> wins = new EnumMap<>(Rival.class);
        for (Rival r : Rival.values()) {
            wins.put(r, 0);
        }
        for (Case c : cases) {
            List<String> answers = List.of(c.good(), c.rivals().get(Rival.OFF_TOPIC), c.rivals().get(Rival.DEGENERATE), c.rivals().get(Rival.WRONG));
            List<org.poq.core.Score> s = scorer.score(c.prompt(), answers);
            for (Rival r : Rival.values()) {
                if (s.get(0).value() > s.get(1 + r.ordinal()).value()) {
                    wins.merge(r, 1, Integer::sum);
                }
            }
        }
        return new Result(cases.size(), wins);
    }
}
