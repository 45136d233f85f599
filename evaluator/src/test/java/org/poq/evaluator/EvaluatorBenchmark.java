package org.poq.evaluator;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Speed of the scorer against the bare OrtSession.run and against Python onnxruntime + tokenizers, with
 * all-MiniLM-L6-v2 (fp32, the default evaluator; int8 on request), sequence lengths 64/256/512, batch 1
 * and 16. Run with bench/run.sh; not part of the test suite (it takes minutes and its numbers depend on
 * the machine).
 *
 * <p>The timed unit is the answer side of scoring: B texts of exactly L tokens to B pooled embeddings.
 * The three sides are timed alternately, row by row, for several rounds (the order rotating each round),
 * against one Python process that stays up, so a burst of load on a shared machine hits all three alike;
 * the ratios are the medians of the per-round ratios, and the load average is printed with each round.
 *
 * <p>Arguments: [threads (2)] [rounds (3)] [models: fp32 | fp32,int8 (fp32)].
 */
public final class EvaluatorBenchmark {
    private static final int[] LENGTHS = {64, 256, 512};
    private static final int[] BATCHES = {1, 16};
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One configuration: its scorer and texts, and the seconds per call of each side in each round. */
    private record Row(int length, int batch, OnnxScorer scorer, List<String> texts,
                       List<Double> java, List<Double> bare, List<Double> python) {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> models = List.of((args.length > 2 ? args[2] : "fp32").split(","));
        String python = System.getenv().getOrDefault("POQ_BENCH_PYTHON", "/tmp/evvenv/bin/python");
        Path work = Files.createTempDirectory("poq-bench");
        System.out.printf("threads=%d rounds=%d cpus=%d java=%s load average at start: %s%n", threads, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
        for (String name : models) {
            BundledEvaluator model = name.equals("int8") ? BundledEvaluator.MINILM_L6_V2_INT8 : BundledEvaluator.MINILM_L6_V2;
            EvaluatorPackage base = model.install(work.resolve("evaluators"));
            List<Row> rows = new ArrayList<>();
            try (PythonSide py = PythonSide.start(python, base, threads)) {
                for (int length : LENGTHS) {
                    EvaluatorPackage pkg = withMaxLength(base, length, work.resolve(name + "-" + length));
                    OnnxScorer scorer = OnnxScorer.open(pkg, new ScorerOptions(ExecutionDevice.CPU, threads, 16));
                    for (int batch : BATCHES) {
                        rows.add(new Row(length, batch, scorer, texts(batch), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                    }
                }
                for (int round = 0; round < rounds; round++) {
                    for (Row row : rows) {
                        for (int k = 0; k < 3; k++) {
                            switch ((k + round) % 3) {
                                case 0 -> row.java().add(timed(() -> row.scorer().embed(row.texts())));
                                case 1 -> row.bare().add(bareRun(row.scorer(), row.texts()));
                                default -> row.python().add(py == null ? Double.NaN : py.time(row.length(), row.texts()));
                            }
                        }
                    }
                    System.out.printf("%s round %d done, load average %s%n", name, round + 1, loadAverage());
                }
                System.out.println("model  L    B   java ms/call  bare ms/call  python ms/call  java pairs/s  java/bare  java/python"
                        + "  (ms: median over rounds; ratios: median of the per-round ratios)");
                for (Row r : rows) {
                    double java = median(r.java());
                    System.out.printf("%-5s %4d %3d %12.2f %13.2f %15.2f %13.1f %10.3f %12.3f%n", name, r.length(), r.batch(),
                            java * 1e3, median(r.bare()) * 1e3, median(r.python()) * 1e3, r.batch() / java,
                            median(ratios(r.java(), r.bare())), median(ratios(r.java(), r.python())));
                }
                if (py != null) {
                    System.out.println("(python onnxruntime " + py.version + ")");
                }
            } finally {
                for (int i = 0; i < rows.size(); i += BATCHES.length) {
                    rows.get(i).scorer().close();
                }
            }
        }
        System.out.println("load average at end: " + loadAverage());
    }

    private static List<Double> ratios(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) / b.get(i));
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "(unknown)";
        }
    }

    /** The same model and tokenizer with another maxLength, so texts are cut to exactly L tokens. */
    private static EvaluatorPackage withMaxLength(EvaluatorPackage base, int length, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve(EvaluatorPackage.MODEL), base.model());
        Files.createSymbolicLink(dir.resolve(EvaluatorPackage.TOKENIZER), base.tokenizer());
        EvaluatorConfig c = base.config();
        Files.writeString(dir.resolve(EvaluatorPackage.CONFIG),
                new EvaluatorConfig(c.name(), c.kind(), length, Math.min(c.maxPromptTokens(), length - 4), c.head(), c.guard()).toJson());
        return EvaluatorPackage.load(dir);
    }

    /** Distinct English texts longer than 512 tokens; truncation makes them exactly L tokens. */
    private static List<String> texts(int n) {
        String[] words = ("the validator scores every answer with a small cross encoder while miners generate text "
                + "on their graphics cards and the chain records commitments reveals and rewards for each task round").split(" ");
        List<String> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 700; i++) {
                b.append(words[(i * (t + 3) + t) % words.length]).append(' ');
            }
            out.add(b.toString());
        }
        return out;
    }

    /** The bare session call on the very tensors the scorer builds, created once outside the timing. */
    private static double bareRun(OnnxScorer scorer, List<String> texts) throws Exception {
        EvaluatorConfig c = scorer.evaluator().config();
        List<Encoded> rows = new ArrayList<>();
        try (InputEncoder enc = InputEncoder.open(scorer.evaluator().tokenizer(), c)) {
            for (long[] t : enc.pieces(texts)) {
                rows.add(enc.single(t, c.maxLength()));
            }
            PaddedBatch b = PaddedBatch.of(rows, PaddedBatch.paddedLength(rows.get(0).length(), c.maxLength()), enc.padId());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), b.shape()));
            in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), b.shape()));
            in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(b.typeIds()), b.shape()));
            OrtSession session = scorer.session();
            try {
                return timed(() -> {
                    try (OrtSession.Result r = session.run(in, Set.of("last_hidden_state"))) {
                        return r.size();
                    }
                });
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
    }

    /**
     * Median seconds per call over at least 3 calls and 1 s, after one warm-up call. The median of
     * single calls, not a mean over a window: the machines are shared, and a median shrugs off the calls
     * another process's burst slowed down. python_bench.py times the same way.
     */
    private static double timed(Callable<?> call) throws Exception {
        call.call();
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < 3 || (System.nanoTime() - start < 1_000_000_000L && times.size() < 100)) {
            long t0 = System.nanoTime();
            call.call();
            times.add(System.nanoTime() - t0);
        }
        java.util.Collections.sort(times);
        return times.get(times.size() / 2) / 1e9;
    }

    /** bench/python_bench.py kept running: one JSON line per timing request, one JSON line back. */
    private static final class PythonSide implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader in;
        private final java.io.Writer out;
        private final String version;

        private PythonSide(Process process) throws java.io.IOException {
            this.process = process;
            this.in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            this.out = new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
            this.version = JSON.readTree(in.readLine()).get("onnxruntime").asText();
        }

        /** The Python side, or null (and a line saying why) when the interpreter or the script is missing. */
        static PythonSide start(String python, EvaluatorPackage pkg, int threads) throws Exception {
            Path script = Path.of("bench/python_bench.py").toAbsolutePath();
            if (!Files.isExecutable(Path.of(python)) || !Files.exists(script)) {
                System.out.println("(no Python comparison: " + python + " or " + script + " missing)");
                return null;
            }
            ObjectNode setup = JSON.createObjectNode().put("model", pkg.model().toString()).put("tokenizer", pkg.tokenizer().toString())
                    .put("threads", threads);
            Process p = new ProcessBuilder(python, script.toString(), setup.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new PythonSide(p);
        }

        double time(int length, List<String> texts) throws Exception {
            ObjectNode job = JSON.createObjectNode().put("length", length);
            texts.forEach(job.putArray("texts")::add);
            out.write(job.toString() + "\n");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException("the python benchmark stopped");
            }
            return JSON.readTree(line).get("seconds_per_call").asDouble();
        }

        @Override
        public void close() throws Exception {
            out.close();
            process.waitFor();
        }
    }
}
