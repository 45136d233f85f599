package org.poq.miner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.testmodels.TestModels;

/**
 * The new engine (our JNA binding over node-llama-cpp 3.21.1's llama.cpp, in its worker process)
 * against the engine it replaced (de.kherud:llama 4.2.0, llama.cpp b4916, the jar's generic x86-64
 * native, in its own JVM built from miner/bench/old-engine), on the same file, threads, prompt and
 * sampling, alternating repetition by repetition (and which one goes first). Both are timed here, in
 * this process, on arrival of their pipes' lines, as the app sees them; each side's own timers are
 * printed beside. Ratios are new/old, the median of the per-repetition ratios. Run by
 * miner/bench/old-engine.sh; prints, asserts nothing about speed.
 *
 * <p>Options: --old-classpath CP (required), --old-natives DIR, --model FILE, --threads N, --prompt N,
 * --gen N, --reps N, --load-reps N, --pause-ms N.
 */
public final class OldEngineBenchmark {
    private static final float TEMPERATURE = 0.8f;
    private static final float TOP_P = 0.95f;
    private static final int CONTEXT = 2048;

    private OldEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(args);
        Runtime.getRuntime().halt(0);
    }

    /** One side's figures of one repetition; times in ms, speeds in tok/s. */
    record Rep(double ttftMs, double promptTps, double genTps, int generated, double ownPromptTps, double ownGenTps) {
    }

    public static void run(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path model = o.model != null ? o.model : TestModels.tinyLlama11bQ4(Files.createDirectories(
                Path.of(System.getProperty("poq.repo.root", ".."), "resources", "models", "generated")));
        EngineConfig config = EngineConfig.defaults();
        System.out.printf(Locale.ROOT, "model %s (%d MB), threads %d, prompt %d tokens, %d generated, %d reps, %d load reps%n",
                model.getFileName(), Files.size(model) >> 20, o.threads, o.prompt, o.gen, o.reps, o.loadReps);
        System.out.println("load average at start: " + loadAverage());
        System.out.println("old engine natives: " + (o.oldNatives != null ? o.oldNatives : "(unpacked by the binding)"));
        try (InferenceEngine engine = new InferenceEngine(config)) {
            ModelSpec spec = ModelSpec.of(model).withContextSize(CONTEXT).withThreads(o.threads).withGpuLayers(0);
            LoadedModel loaded = engine.load(spec);
            System.out.printf(Locale.ROOT, "new: loaded in %d ms on %s, worker start-up %d ms; %s%n",
                    loaded.loadTime().toMillis(), loaded.backend(), engine.workerStartupTime().orElseThrow().toMillis(),
                    engine.backends().orElse("?"));
            String prompt = EngineBenchmark.promptOf(engine, o.prompt);
            int promptTokens = engine.generate(GenerationRequest.of(prompt).withMaxTokens(1), TokenListener.NONE)
                    .await().promptTokens();
            engine.generate(GenerationRequest.of(prompt).withMaxTokens(8), TokenListener.NONE).await(); // warm-up
            List<Rep[]> reps = new ArrayList<>();
            try (OldEngineProcess old = OldEngineProcess.start(config.javaCommand(), config.workerHeapMb(),
                    o.oldClassPath, o.oldNatives)) {
                long oldLoad = old.load(model, CONTEXT, o.threads);
                System.out.printf(Locale.ROOT, "old: loaded in %d ms, process start-up %d ms%n",
                        oldLoad / 1_000_000, old.startupNanos() / 1_000_000);
                System.out.printf(Locale.ROOT, "prompt: %d tokens for the new engine (BOS included), %d by the old binding's encode (no BOS)%n",
                        promptTokens, old.tokens(prompt));
                old.generate(prompt, 8, TEMPERATURE, TOP_P, 0); // warm-up
                System.out.printf(Locale.ROOT, "resident memory with the model loaded: new worker %d MB, old process %d MB%n",
                        EngineBenchmark.rssKb(loaded.workerPid()) >> 10, EngineBenchmark.rssKb(old.pid()) >> 10);
                for (int i = 0; i < o.reps; i++) {
                    Rep[] pair = new Rep[2];
                    // which side goes first alternates, so a neighbour's load or a warm cache favours neither
                    for (int side : i % 2 == 0 ? new int[]{0, 1} : new int[]{1, 0}) {
                        pause(o.pauseMs);
                        pair[side] = side == 0 ? oldRep(old, prompt, promptTokens, o.gen, i)
                                : newRep(engine, prompt, o.gen, i);
                    }
                    System.out.printf(Locale.ROOT, "  rep %d, load average %s%n", i, loadAverage());
                    print("old", i, pair[0], "binding's server");
                    print("new", i, pair[1], "llama.cpp perf");
                    reps.add(pair);
                }
            }
            summary(reps);
            loads(engine, spec, config, o, model);
            System.out.println("load average at the end: " + loadAverage());
        }
    }

    private static Rep oldRep(OldEngineProcess old, String prompt, int promptTokens, int gen, int seed) throws Exception {
        OldEngineProcess.Timed t = old.generate(prompt, gen, TEMPERATURE, TOP_P, seed);
        double ttft = (t.firstToken() - t.sent()) / 1e6;
        double genMs = (t.done() - t.firstToken()) / 1e6;
        OldEngineProcess.ServerTimings s = t.server();
        double ownPp = s != null ? s.promptTokens() / (s.promptMs() / 1e3) : Double.NaN;
        // the server's clock starts at the first sampled token: it spans evalTokens - 1 decodes
        double ownTg = s != null ? (s.evalTokens() - 1) / (s.evalMs() / 1e3) : Double.NaN;
        return new Rep(ttft, promptTokens / (ttft / 1e3), (t.generated() - 1) / (genMs / 1e3), t.generated(), ownPp, ownTg);
    }

    private static Rep newRep(InferenceEngine engine, String prompt, int gen, int seed) {
        AtomicLong first = new AtomicLong();
        long sent = System.nanoTime();
        GenerationResult r = engine.generate(GenerationRequest.of(prompt).withTemperature(TEMPERATURE).withTopP(TOP_P)
                .withSeed(seed).withMaxTokens(gen), piece -> first.compareAndSet(0, System.nanoTime())).await();
        long done = System.nanoTime();
        double ttft = (first.get() - sent) / 1e6;
        double genMs = (done - first.get()) / 1e6;
        return new Rep(ttft, r.promptTokens() / (ttft / 1e3), (r.generatedTokens() - 1) / (genMs / 1e3),
                r.generatedTokens(), r.promptTokensPerSecond(), r.tokensPerSecond());
    }

    private static void print(String side, int i, Rep r, String own) {
        System.out.printf(Locale.ROOT, "  rep %d %s: ttft %.1f ms, pp %.2f tok/s, gen %d tok at %.2f tok/s   (%s: pp %.2f, tg %.2f)%n",
                i, side, r.ttftMs, r.promptTps, r.generated, r.genTps, own, r.ownPromptTps, r.ownGenTps);
    }

    private static void summary(List<Rep[]> reps) {
        for (int side = 0; side < 2; side++) {
            int s = side;
            System.out.printf(Locale.ROOT, "%s (median): pp %.2f tok/s, tg %.2f tok/s, ttft %.1f ms   (own timers: pp %.2f, tg %.2f)%n",
                    s == 0 ? "old" : "new", median(reps, p -> p[s].promptTps), median(reps, p -> p[s].genTps),
                    median(reps, p -> p[s].ttftMs), median(reps, p -> p[s].ownPromptTps), median(reps, p -> p[s].ownGenTps));
        }
        System.out.printf(Locale.ROOT, "RATIO new/old (median of per-repetition ratios): prompt %.3f, generation %.3f, "
                        + "ttft %.3f (a time: below 1 is faster)%n",
                median(reps, p -> p[1].promptTps / p[0].promptTps), median(reps, p -> p[1].genTps / p[0].genTps),
                median(reps, p -> p[1].ttftMs / p[0].ttftMs));
        System.out.printf(Locale.ROOT, "RATIO new/old, each engine's own timers: prompt %.3f, generation %.3f%n",
                median(reps, p -> p[1].ownPromptTps / p[0].ownPromptTps), median(reps, p -> p[1].ownGenTps / p[0].ownGenTps));
    }

    /** Fresh processes, alternating: the old one started and loaded, the new engine's worker restarted and loaded. */
    private static void loads(InferenceEngine engine, ModelSpec spec, EngineConfig config, Options o, Path model)
            throws Exception {
        List<double[]> rows = new ArrayList<>(); // old load, new load, old start-up, new start-up (ms)
        for (int i = 0; i < o.loadReps; i++) {
            double[] row = new double[4];
            for (int side : i % 2 == 0 ? new int[]{0, 1} : new int[]{1, 0}) {
                pause(o.pauseMs);
                if (side == 0) {
                    try (OldEngineProcess old = OldEngineProcess.start(config.javaCommand(), config.workerHeapMb(),
                            o.oldClassPath, o.oldNatives)) {
                        row[0] = old.load(model, CONTEXT, o.threads) / 1e6;
                        row[2] = old.startupNanos() / 1e6;
                    }
                } else {
                    LoadedModel m = engine.load(spec); // a swap: a new worker process
                    row[1] = m.loadTime().toNanos() / 1e6;
                    row[3] = engine.workerStartupTime().orElseThrow().toNanos() / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "  load %d: old %.0f ms (process start-up %.0f ms), new %.0f ms (worker start-up %.0f ms)%n",
                    i, row[0], row[2], row[1], row[3]);
            rows.add(row);
        }
        double[] ratios = rows.stream().mapToDouble(r -> r[1] / r[0]).sorted().toArray();
        // the old binding loads its native library inside the load, the new worker before it is ready: the sum compares
        double[] totalRatios = rows.stream().mapToDouble(r -> (r[1] + r[3]) / (r[0] + r[2])).sorted().toArray();
        System.out.printf(Locale.ROOT, "RATIO new/old load (model load + warm-up, median of per-repetition ratios): %.3f; "
                + "process start-up + load %.3f (times: below 1 is faster)%n", median(ratios), median(totalRatios));
    }

    private static double median(List<Rep[]> reps, ToDoubleFunction<Rep[]> f) {
        return median(reps.stream().mapToDouble(f).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The machine's 1, 5 and 15-minute load averages, to read each repetition against. */
    private static String loadAverage() throws IOException {
        Path f = Path.of("/proc/loadavg");
        return Files.isReadable(f) ? String.join(" ", Arrays.copyOf(Files.readString(f).split(" "), 3)) : "?";
    }

    private static void pause(int ms) throws InterruptedException {
        // lets the side that just ran park its OpenMP threads before the other starts
        Thread.sleep(ms);
    }

    private record Options(String oldClassPath, Path oldNatives, Path model, int threads, int prompt, int gen, int reps,
                           int loadReps, int pauseMs) {
        static Options parse(String[] args) {
            String cp = null;
            Path natives = null;
            Path model = null;
            int[] n = {2, 128, 64, 7, 3, 500}; // threads, prompt, gen, reps, load reps, pause
            List<String> names = Arrays.asList("--threads", "--prompt", "--gen", "--reps", "--load-reps", "--pause-ms");
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--old-classpath" -> cp = args[i + 1];
                    case "--old-natives" -> natives = Path.of(args[i + 1]);
                    case "--model" -> model = Path.of(args[i + 1]);
                    default -> {
                        int at = names.indexOf(args[i]);
                        if (at < 0) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        n[at] = Integer.parseInt(args[i + 1]);
                    }
                }
            }
            if (cp == null) {
                throw new IllegalArgumentException("--old-classpath is required (miner/bench/old-engine.sh builds it)");
            }
            return new Options(cp, natives, model, n[0], n[1], n[2], n[3], n[4], n[5]);
        }
    }
}
