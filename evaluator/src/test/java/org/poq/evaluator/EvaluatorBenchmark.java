package org.poq.evaluator;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * all-MiniLM-L6-v2 fp32 and int8, sequence lengths 64/256/512, batch 1 and 16. Run with bench/run.sh;
 * not part of the test suite (it takes minutes and its numbers depend on the machine).
 *
 * <p>The timed unit is the answer side of scoring: B texts of exactly L tokens to B pooled embeddings.
 */
public final class EvaluatorBenchmark {
    private static final int[] LENGTHS = {64, 256, 512};
    private static final int[] BATCHES = {1, 16};
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String python = System.getenv().getOrDefault("POQ_BENCH_PYTHON", "/tmp/evvenv/bin/python");
        Path work = Files.createTempDirectory("poq-bench");
        System.out.printf("threads=%d cpus=%d java=%s%n", threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("model  L    B   java ms/call  bare ms/call  python ms/call  java pairs/s  java/bare  java/python");
        for (BundledEvaluator model : new BundledEvaluator[] {BundledEvaluator.MINILM_L6_V2, BundledEvaluator.MINILM_L6_V2_INT8}) {
            EvaluatorPackage base = model.install(work.resolve("evaluators"));
            List<double[]> javaRows = new ArrayList<>();
            ObjectNode job = JSON.createObjectNode();
            job.put("model", base.model().toString());
            job.put("tokenizer", base.tokenizer().toString());
            job.put("threads", threads);
            ArrayNode runs = job.putArray("runs");
            for (int length : LENGTHS) {
                EvaluatorPackage pkg = withMaxLength(base, length, work.resolve(model.name() + "-" + length));
                try (OnnxScorer scorer = OnnxScorer.open(pkg, new ScorerOptions(ExecutionDevice.CPU, threads, 16))) {
                    for (int batch : BATCHES) {
                        List<String> texts = texts(batch);
                        double java = timed(() -> scorer.embed(texts));
                        double bare = bareRun(scorer, texts);
                        javaRows.add(new double[] {length, batch, java, bare});
                        ObjectNode run = runs.addObject();
                        run.put("length", length);
                        run.put("batch", batch);
                        texts.forEach(run.withArray("texts")::add);
                    }
                }
            }
            JsonNode py = python(python, job);
            for (int i = 0; i < javaRows.size(); i++) {
                double[] r = javaRows.get(i);
                double p = py == null ? Double.NaN : py.get("results").get(i).get("seconds_per_call").asDouble();
                System.out.printf("%-5s %4d %3d %12.2f %13.2f %15.2f %13.1f %10.3f %12.3f%n",
                        model == BundledEvaluator.MINILM_L6_V2 ? "fp32" : "int8", (int) r[0], (int) r[1],
                        r[2] * 1e3, r[3] * 1e3, p * 1e3, r[1] / r[2], r[2] / r[3], r[2] / p);
            }
            if (py != null) {
                System.out.println("(python onnxruntime " + py.get("onnxruntime").asText() + ")");
            }
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
     * Median seconds per call. The median of single calls, not a mean over a window: the build machines
     * are shared, and a median shrugs off the calls another process's burst slowed down.
     */
    private static double timed(Callable<?> call) throws Exception {
        call.call();
        call.call();
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < 5 || (System.nanoTime() - start < 1_500_000_000L && times.size() < 200)) {
            long t0 = System.nanoTime();
            call.call();
            times.add(System.nanoTime() - t0);
        }
        java.util.Collections.sort(times);
        return times.get(times.size() / 2) / 1e9;
    }

    private static JsonNode python(String python, ObjectNode job) throws Exception {
        Path script = Path.of("bench/python_bench.py").toAbsolutePath();
        if (!Files.isExecutable(Path.of(python)) || !Files.exists(script)) {
            System.out.println("(no Python comparison: " + python + " or " + script + " missing)");
            return null;
        }
        Process p = new ProcessBuilder(python, script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var out = p.getOutputStream()) {
            JSON.writeValue(out, job);
        }
        JsonNode result = JSON.readTree(p.getInputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("python benchmark failed");
        }
        return result;
    }
}
