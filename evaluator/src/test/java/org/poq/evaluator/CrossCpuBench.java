package org.poq.evaluator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-CPU differences of the scores: {@code dump} scores a fixed set with the bundled evaluator and
 * writes every number (the raw model output as its exact bits, the head's integers, the committed task
 * scores); {@code compare} reads dumps made on different CPUs (or under qemu-user with different CPU
 * models, so that ONNX Runtime's MLAS picks other kernels) and prints how far they are apart. Run by
 * bench/cross-cpu.sh; not part of the test suite.
 *
 * <p>The set: pairs mode, the 200 pairs of {@link DeterminismTest} each scored alone (what
 * {@code poq score --pairs} does); tasks mode, every quality-set prompt as a task of six answers with two
 * honest answers and again with one ({@link QualitySet#tasks}), scored with {@link Scorer#scoreTask}
 * (what {@code poq score --tasks} and the validator commit).
 *
 * <p>Arguments: {@code dump OUT [fp32|int8|fp32,int8] [pairs,tasks] [pairs (200)] [tasks per scenario (44)]} or
 * {@code compare DUMP DUMP...} (each pair of dumps on the rows both have).
 */
public final class CrossCpuBench {
    private CrossCpuBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("dump")) {
            dump(Path.of(args[1]), List.of((args.length > 2 ? args[2] : "fp32").split(",")),
                    List.of((args.length > 3 ? args[3] : "pairs,tasks").split(",")),
                    args.length > 4 ? Integer.parseInt(args[4]) : 200, args.length > 5 ? Integer.parseInt(args[5]) : 44);
        } else if (args.length >= 3 && args[0].equals("compare")) {
            List<Path> dumps = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                dumps.add(Path.of(args[i]));
            }
            compare(dumps);
        } else {
            System.err.println("usage: CrossCpuBench dump OUT [fp32|int8|fp32,int8] [pairs,tasks] [pairs] [tasks]"
                    + " | compare DUMP DUMP...");
            System.exit(2);
        }
    }

    /** One scored answer: {@code key} names it (mode, model, position), the rest are its numbers. */
    record Row(String key, int score, int modelScore, int residualScore, double raw, int support) {
        String line() {
            return String.join("\t", key, Integer.toString(score), Integer.toString(modelScore),
                    Integer.toString(residualScore), Long.toHexString(Double.doubleToRawLongBits(raw)), Integer.toString(support));
        }

        static Row parse(String line) {
            String[] f = line.split("\t");
            return new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Double.longBitsToDouble(Long.parseUnsignedLong(f[4], 16)), Integer.parseInt(f[5]));
        }

        private static Row of(String key, ScoredAnswer a, int committed, int support) {
            return new Row(key, committed, a.modelScore().value(), a.residualScore().value(), a.raw(), support);
        }
    }

    /**
     * Scores the first {@code pairs} of the 200 pairs alone and the first {@code tasks} quality-set
     * prompts as tasks (each twice: with two honest answers and with one) with each model.
     */
    static void dump(Path out, List<String> models, List<String> modes, int pairs, int tasks) throws Exception {
        Path work = Files.createTempDirectory("poq-xcpu");
        // Written row by row: an emulated run that is stopped early still leaves the rows it made.
        try (PrintWriter lines = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), true)) {
            dump(lines, work, models, modes, pairs, tasks);
        } finally {
            org.poq.core.FileTrees.deleteQuietly(work);
        }
    }

    private static void dump(PrintWriter out, Path work, List<String> models, List<String> modes, int pairs, int tasks)
            throws Exception {
        for (String name : models) {
            BundledEvaluator model = name.equals("int8") ? BundledEvaluator.MINILM_L6_V2_INT8 : BundledEvaluator.MINILM_L6_V2;
            EvaluatorPackage pkg = model.install(work.resolve("evaluators"));
            // One thread: the numbers do not depend on it (DeterminismTest), and under emulation a second
            // thread only competes for the same host cores.
            try (Scorer scorer = Evaluators.open(pkg, new ScorerOptions(ExecutionDevice.CPU, 1, 16))) {
                Progress progress = new Progress(name);
                for (String mode : modes) { // in the order given: a run stopped early has the first ones
                    if (mode.equals("pairs")) {
                        pairs(scorer, name, pairs, out, progress);
                    } else if (mode.equals("tasks")) {
                        tasks(scorer, name, tasks, out, progress);
                    } else {
                        throw new IllegalArgumentException("mode must be pairs or tasks, not " + mode);
                    }
                }
                System.out.printf("%s: %d rows in %.0f s%n", name, progress.rows, progress.seconds());
            }
        }
    }

    /** Each pair alone, as {@code poq score --pairs} scores it. */
    private static void pairs(Scorer scorer, String name, int limit, PrintWriter out, Progress progress) throws Exception {
        int i = 0;
        for (Map.Entry<String, List<String>> e : DeterminismTest.pairs().entrySet()) {
            for (String answer : e.getValue()) {
                if (i == limit) {
                    return;
                }
                ScoredAnswer a = scorer.scoreDetailed(e.getKey(), List.of(answer)).get(0);
                out.println(Row.of("pairs/" + name + "/" + i++, a, a.score().value(), 0).line());
                progress.add(1);
            }
        }
    }

    /** Each task's six answers together, as {@code poq score --tasks} and the validator score them. */
    private static void tasks(Scorer scorer, String name, int limit, PrintWriter out, Progress progress) throws IOException {
        List<QualitySet.Case> all = QualitySet.load();
        List<QualitySet.Case> cases = all.subList(0, Math.min(limit, all.size()));
        for (boolean twoHonest : new boolean[] {true, false}) {
            int[] task = {0};
            QualitySet.tasks(cases, twoHonest, (prompt, answers) -> {
                List<TaskScore> s = scorer.scoreTask(prompt, answers);
                for (int j = 0; j < s.size(); j++) {
                    TaskScore t = s.get(j);
                    out.println(Row.of("tasks" + (twoHonest ? "2" : "1") + "/" + name + "/" + task[0] + "." + j,
                            t.relevance(), t.score().value(), t.support()).line());
                }
                task[0]++;
                progress.add(s.size());
                return s.stream().map(t -> t.score().value()).toList();
            });
        }
    }

    /** A line about every 50 rows on stderr: under emulation a run takes many minutes. */
    private static final class Progress {
        private final String model;
        private final long start = System.nanoTime();
        private int rows;

        Progress(String model) {
            this.model = model;
        }

        void add(int n) {
            if ((rows + n) / 50 != rows / 50) {
                System.err.printf("  %s: %d rows, %.0f s%n", model, rows + n, seconds());
            }
            rows += n;
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /**
     * Every pair of dumps (the first against each other one, then the others among themselves), per group
     * (mode/model): how many raw outputs and integers differ, and by how much.
     */
    static void compare(List<Path> dumps) throws IOException {
        List<Map<String, Row>> rows = new ArrayList<>();
        for (Path p : dumps) {
            rows.add(read(p));
        }
        System.out.println("runs                      group        rows  raw bit-equal  max |d raw|  max rel d raw  "
                + "model/resid. differ (max |d|)  committed differ (max |d|)  support differ");
        for (int a = 0; a < dumps.size(); a++) {
            for (int b = a + 1; b < dumps.size(); b++) {
                Map<String, Stats> groups = new LinkedHashMap<>();
                for (Row r : rows.get(a).values()) {
                    Row o = rows.get(b).get(r.key());
                    if (o == null) {
                        continue; // a shorter run (emulation is slow): the rows both have
                    }
                    groups.computeIfAbsent(r.key().substring(0, r.key().lastIndexOf('/')), g -> new Stats()).add(r, o);
                }
                String run = name(dumps.get(a)) + " vs " + name(dumps.get(b));
                groups.forEach((g, s) -> System.out.println(s.line(run, g)));
            }
        }
    }

    private static String name(Path dump) {
        return dump.getFileName().toString().replaceFirst("\\.tsv$", "");
    }

    private static Map<String, Row> read(Path file) throws IOException {
        Map<String, Row> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Row r = Row.parse(line);
            out.put(r.key(), r);
        }
        return out;
    }

    private static final class Stats {
        int rows;
        int rawEqual;
        double maxAbs;
        double maxRel;
        int headDiffer;
        int headMax;
        int committedDiffer;
        int committedMax;
        int supportDiffer;

        void add(Row ref, Row o) {
            rows++;
            if (Double.doubleToRawLongBits(ref.raw()) == Double.doubleToRawLongBits(o.raw())) {
                rawEqual++;
            }
            double d = Math.abs(ref.raw() - o.raw());
            maxAbs = Math.max(maxAbs, d);
            maxRel = Math.max(maxRel, ref.raw() == 0 ? 0 : d / Math.abs(ref.raw()));
            int head = Math.max(Math.abs(ref.modelScore() - o.modelScore()), Math.abs(ref.residualScore() - o.residualScore()));
            headDiffer += head != 0 ? 1 : 0;
            headMax = Math.max(headMax, head);
            int c = Math.abs(ref.score() - o.score());
            committedDiffer += c != 0 ? 1 : 0;
            committedMax = Math.max(committedMax, c);
            supportDiffer += ref.support() != o.support() ? 1 : 0;
        }

        String line(String run, String group) {
            return String.format("%-25s %-12s %4d  %5d (%3.0f%%)  %11.2e  %13.2e  %22d (%d)  %20d (%d)  %14d",
                    run, group, rows, rawEqual, 100.0 * rawEqual / rows, maxAbs, maxRel, headDiffer, headMax,
                    committedDiffer, committedMax, supportDiffer);
        }
    }
}
