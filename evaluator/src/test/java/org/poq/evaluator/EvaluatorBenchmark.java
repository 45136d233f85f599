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
 * The three sides take turns call by call (Java, bare, Python; the order rotating each turn), against one
 * Python process that stays up, so a burst of load on a shared machine falls on all three alike; each
 * ratio is the median of the per-turn ratios, printed with its quartiles, and the load average is
 * printed with each configuration.
 *
 * <p>Arguments: [threads (2)] [turns per configuration (11)] [models: fp32 | fp32,int8 (fp32)]
 * [lengths (64,256,512)].
 */
public final class EvaluatorBenchmark {
    private static final int[] BATCHES = {1, 16};
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        List<String> models = List.of((args.length > 2 ? args[2] : "fp32").split(","));
        int[] lengths = java.util.Arrays.stream((args.length > 3 ? args[3] : "64,256,512").split(",")).mapToInt(Integer::parseInt).toArray();
        String python = System.getenv().getOrDefault("POQ_BENCH_PYTHON", "/tmp/evvenv/bin/python");
        Path work = Files.createTempDirectory("poq-bench");
        System.out.printf("threads=%d turns=%d cpus=%d java=%s load average at start: %s%n", threads, turns,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
        for (String name : models) {
            BundledEvaluator model = name.equals("int8") ? BundledEvaluator.MINILM_L6_V2_INT8 : BundledEvaluator.MINILM_L6_V2;
            EvaluatorPackage base = model.install(work.resolve("evaluators"));
            List<String> lines = new ArrayList<>();
            try (PythonSide py = PythonSide.start(python, base, threads)) {
                for (int length : lengths) {
                    EvaluatorPackage pkg = withMaxLength(base, length, work.resolve(name + "-" + length));
                    try (OnnxScorer scorer = OnnxScorer.open(pkg, new ScorerOptions(ExecutionDevice.CPU, threads, 16))) {
                        for (int batch : BATCHES) {
                            List<String> texts = texts(batch);
                            try (BareCall bare = BareCall.of(scorer, texts)) {
                                List<Callable<Double>> sides = List.of(
                                        () -> seconds(() -> scorer.embed(texts)),
                                        () -> seconds(bare::run),
                                        () -> py == null ? Double.NaN : py.time(length, texts));
                                lines.add(row(name, length, batch, sides, turns));
                            }
                        }
                    }
                }
                System.out.println("model  L    B   java ms/call  bare ms/call  python ms/call  java pairs/s  java/bare [quartiles]  "
                        + "java/python [quartiles]  load average");
                lines.forEach(System.out::println);
                if (py != null) {
                    System.out.println("(python onnxruntime " + py.version + "; ms: medians of single calls; ratios: medians of the "
                            + "per-turn ratios, quartiles in brackets)");
                }
            }
        }
        System.out.println("load average at end: " + loadAverage());
    }

    /** One configuration: a warm-up call per side, then `turns` turns of one call per side, rotating the order. */
    private static String row(String model, int length, int batch, List<Callable<Double>> sides, int turns) throws Exception {
        for (Callable<Double> side : sides) {
            side.call();
        }
        List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int t = 0; t < turns; t++) {
            for (int k = 0; k < 3; k++) {
                int side = (k + t) % 3;
                times.get(side).add(sides.get(side).call());
            }
        }
        double javaSeconds = median(times.get(0));
        List<Double> overBare = ratios(times.get(0), times.get(1));
        List<Double> overPython = ratios(times.get(0), times.get(2));
        return String.format(java.util.Locale.ROOT, "%-5s %4d %3d %12.2f %13.2f %15.2f %13.1f %6.3f [%.2f-%.2f] %8.3f [%.2f-%.2f]  %s",
                model, length, batch, javaSeconds * 1e3, median(times.get(1)) * 1e3, median(times.get(2)) * 1e3, batch / javaSeconds,
                median(overBare), quantile(overBare, 0.25), quantile(overBare, 0.75),
                median(overPython), quantile(overPython, 0.25), quantile(overPython, 0.75), loadAverage());
    }

    private static double seconds(Callable<?> call) throws Exception {
        long t0 = System.nanoTime();
        call.call();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<Double> ratios(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) / b.get(i));
        }
        return out;
    }

    private static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /** The q-quantile by linear interpolation between the sorted values. */
    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        double at = q * (sorted.size() - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (at - lo);
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
    private static final class BareCall implements AutoCloseable {
        private final OrtSession session;
        private final Map<String, OnnxTensor> in;

        private BareCall(OrtSession session, Map<String, OnnxTensor> in) {
            this.session = session;
            this.in = in;
        }

        static BareCall of(OnnxScorer scorer, List<String> texts) throws Exception {
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
                return new BareCall(scorer.session(), in);
            }
        }

        int run() throws Exception {
            try (OrtSession.Result r = session.run(in, Set.of("last_hidden_state"))) {
                return r.size();
            }
        }

        @Override
        public void close() {
            in.values().forEach(OnnxTensor::close);
        }
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
            return JSON.readTree(line).get("seconds").asDouble();
        }

        @Override
        public void close() throws Exception {
            out.close();
            process.waitFor();
        }
    }
}
