package org.poq.evaluator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.AppPaths;

/**
 * Times Scorer#scoreTask per answer over the tasks of a TSV (prompt TAB answer, consecutive lines with
 * one prompt = one task), after one warm-up pass: the same program runs against two builds.
 */
public final class ScoringSpeed {
    public static void main(String[] args) throws Exception {
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String l;
            while ((l = r.readLine()) != null) {
                int t = l.indexOf('\t');
                lines.add(new String[] {l.substring(0, t), l.substring(t + 1).replace("\\n", "\n")});
            }
        }
        List<List<String[]>> tasks = new ArrayList<>();
        for (String[] l : lines) {
            if (tasks.isEmpty() || !tasks.get(tasks.size() - 1).get(0)[0].equals(l[0])) {
                tasks.add(new ArrayList<>());
            }
            tasks.get(tasks.size() - 1).add(l);
        }
        int rounds = Integer.parseInt(args[1]);
        try (Scorer s = Evaluators.openDefault(new AppPaths(Files.createTempDirectory("speed")), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU))) {
            for (int round = 0; round <= rounds; round++) {
                long start = System.nanoTime();
                int answers = 0;
                for (List<String[]> t : tasks) {
                    s.scoreTask(t.get(0)[0], t.stream().map(x -> x[1]).toList());
                    answers += t.size();
                }
                double ms = (System.nanoTime() - start) / 1e6;
                if (round > 0) {
                    System.out.printf("round %d: %d answers, %.2f ms per answer%n", round, answers, ms / answers);
                }
            }
        }
    }
}
