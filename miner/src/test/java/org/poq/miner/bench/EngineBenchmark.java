package org.poq.miner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.engine.TokenSplit;
import org.poq.miner.testmodels.TestModels;

/**
 * The engine's speed through its worker process, against llama.cpp's own llama-bench of the same
 * build when one is given, on the same model with the same threads in the same run; then the
 * parent's resident memory over five model swaps, and the worker's start-up time.
 *
 * <pre>mvn -B -pl miner -Pbench -DskipTests test-compile exec:exec -Dbench.args="--llama-bench PATH --threads 2"</pre>
 * Options: --model FILE (default: the TinyLlama-1.1B-shaped Q4_0, generated on first use under
 * resources/models/generated), --threads N, --prompt N, --gen N, --reps N, --llama-bench PATH (built
 * from the same llama.cpp source, see docs/benchmarks/miner.md), --lib-dir DIR (llama.cpp's CPU
 * libraries, as EngineConfig#nativeLibraryDir), --gpu-layers N (-1 all, 0 CPU; GPU backends from
 * -Dpoq.llama.gpu.path), --swaps false to skip the memory-over-swaps part.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    /** From a shell: the run, then an exit that does not wait for llama.cpp's own threads. */
    public static void main(String[] args) throws Exception {
        run(args);
        Runtime.getRuntime().halt(0);
    }

    /** The whole benchmark; returns (EngineBenchmarkTest calls this: halting would kill the test's JVM). */
    public static void run(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path model = o.model != null ? o.model : TestModels.tinyLlama11bQ4(Files.createDirectories(
                Path.of(System.getProperty("poq.repo.root", ".."), "resources", "models", "generated")));
        System.out.printf(Locale.ROOT, "model %s (%d MB), threads %d, prompt %d tokens, %d generated, %d reps%n",
                model.getFileName(), Files.size(model) >> 20, o.threads, o.prompt, o.gen, o.reps);

        double pp = 0;
        double tg = 0;
        double tgWall = 0;
        double ttft = 0;
        List<TokenSplit> splits = new ArrayList<>();
        double nativePp = 0;
        double nativeTg = 0;
        EngineConfig config = o.nativeLib != null ? EngineConfig.defaults().withNativeLibraryDir(o.nativeLib)
                : EngineConfig.defaults();
        System.out.println("engine libraries: " + config.nativeLibraryDir().map(Path::toString).orElse("(not found)"));
        try (InferenceEngine engine = new InferenceEngine(config)) {
            ModelSpec spec = ModelSpec.of(model).withContextSize(2048).withThreads(o.threads).withGpuLayers(o.gpuLayers);
            LoadedModel loaded = engine.load(spec);
            System.out.printf(Locale.ROOT, "engine: loaded in %d ms on %s, worker start-up %d ms; devices: %s%n",
                    loaded.loadTime().toMillis(), loaded.backend(), engine.workerStartupTime().orElseThrow().toMillis(),
                    engine.backends().orElse("?"));
            String prompt = promptOf(engine, o.prompt);
            engine.generate(GenerationRequest.of(prompt).withMaxTokens(8), TokenListener.NONE).await(); // warm-up
            // native and engine runs alternate, so load from other processes on the machine hits both alike
            for (int i = 0; i < o.reps; i++) {
                if (o.llamaBench != null) {
                    double[] rates = llamaBench(o, model);
                    nativePp += rates[0] / o.reps;
                    nativeTg += rates[1] / o.reps;
                }
                GenerationResult r = engine.generate(GenerationRequest.of(prompt).withTemperature(0.8f)
                        .withSeed(i).withMaxTokens(o.gen), TokenListener.NONE).await();
                pp += r.promptTokensPerSecond() / o.reps;
                tg += r.tokensPerSecond() / o.reps;
                tgWall += wallTokensPerSecond(r.split()) / o.reps;
                ttft += r.timeToFirstToken().toNanos() / 1e6 / o.reps;
                splits.add(r.split());
                System.out.printf(Locale.ROOT, "  rep %d engine: prompt %d tok, ttft %.1f ms, pp %.2f tok/s, gen %d tok at %.2f tok/s"
                                + " (token loop's wall clock %.2f tok/s: %s)%n",
                        i, r.promptTokens(), r.timeToFirstToken().toNanos() / 1e6, r.promptTokensPerSecond(),
                        r.generatedTokens(), r.tokensPerSecond(), wallTokensPerSecond(r.split()), r.split().describe());
            }
            System.out.printf(Locale.ROOT, "engine : pp%d %.2f tok/s, tg%d %.2f tok/s (token loop's wall clock %.2f), ttft %.1f ms%n",
                    o.prompt, pp, o.gen, tg, tgWall, ttft);
            System.out.println("SPLIT engine per generated token, all repetitions (worker's clock; emit = the pipe write): "
                    + TokenSplit.sum(splits).describe());
            if (o.llamaBench != null) {
                double nativeTtft = 1000.0 * o.prompt / nativePp + 1000.0 / nativeTg;
                System.out.printf(Locale.ROOT, "native : pp%d %.2f tok/s, tg%d %.2f tok/s, ttft ~%.1f ms (pp + one token)%n",
                        o.prompt, nativePp, o.gen, nativeTg, nativeTtft);
                System.out.printf(Locale.ROOT, "RATIO engine/native: prompt %.3f, generation %.3f, ttft %.3f (native/engine)%n",
                        pp / nativePp, tg / nativeTg, nativeTtft / ttft);
                // stricter: the whole token loop (sampling, detokenizing, the pipe write) against llama-bench's decode loop
                System.out.printf(Locale.ROOT, "RATIO engine token loop (wall clock)/native generation: %.3f%n",
                        tgWall / nativeTg);
            }
            if (o.swaps) {
                swaps(engine, spec);
            }
        }
    }

    /** Five loads of the same model: each is a new worker; the parent must not grow. */
    private static void swaps(InferenceEngine engine, ModelSpec spec) throws IOException {
        List<Long> startups = new ArrayList<>();
        long before = rssKb(ProcessHandle.current().pid());
        for (int i = 1; i <= 5; i++) {
            LoadedModel m = engine.load(spec);
            engine.generate(GenerationRequest.of("hello").withMaxTokens(4), TokenListener.NONE).await();
            startups.add(engine.workerStartupTime().orElseThrow().toMillis());
            System.gc();
            System.out.printf(Locale.ROOT, "swap %d: parent RSS %d MB, worker RSS %d MB, worker start-up %d ms, load %d ms%n",
                    i, rssKb(ProcessHandle.current().pid()) >> 10, rssKb(m.workerPid()) >> 10,
                    startups.get(i - 1), m.loadTime().toMillis());
        }
        long after = rssKb(ProcessHandle.current().pid());
        System.out.printf(Locale.ROOT, "parent RSS before swaps %d MB, after five swaps %d MB (%+d MB)%n",
                before >> 10, after >> 10, (after - before) >> 10);
        System.out.printf(Locale.ROOT, "worker start-up (launch to ready): %s ms%n", startups);
    }

    private static double wallTokensPerSecond(TokenSplit s) {
        return s.loopNanos() > 0 ? s.tokens() / (s.loopNanos() / 1e9) : 0;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The longest prompt of repeated words that the model's tokenizer counts as at most n tokens. */
    static String promptOf(InferenceEngine engine, int n) {
        String[] words = {"the", "quality", "of", "an", "answer", "is", "what", "the", "miner", "is", "paid", "for"};
        int lo = 1;
        int hi = 4 * n;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (tokens(engine, words(words, mid)) <= n) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return words(words, lo);
    }

    private static String words(String[] words, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : " ").append(words[i % words.length]);
        }
        return sb.toString();
    }

    private static int tokens(InferenceEngine engine, String text) {
        return engine.generate(GenerationRequest.of(text).withMaxTokens(1), TokenListener.NONE).await().promptTokens();
    }

    /**
     * llama-bench's prompt speed (pp, empty cache) and its generation speed after the prompt is in the
     * cache (tg @ depth = prompt), as the engine generates: a plain tg starts from an empty cache and
     * attends over fewer tokens, which flatters the native side by a few percent.
     */
    private static double[] llamaBench(Options o, Path model) throws IOException, InterruptedException {
        double pp = llamaBenchRun(o, model, List.of("-p", String.valueOf(o.prompt), "-n", "0"));
        double tg = llamaBenchRun(o, model, List.of("-p", "0", "-n", String.valueOf(o.gen), "-d", String.valueOf(o.prompt)));
        return new double[]{pp, tg};
    }

    private static double llamaBenchRun(Options o, Path model, List<String> test) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(o.llamaBench.toString(), "-m", model.toString(), "-t", String.valueOf(o.threads)));
        cmd.addAll(test);
        cmd.addAll(List.of("-r", "1", "-o", "json", "-ngl", String.valueOf(o.gpuLayers < 0 ? 999 : o.gpuLayers)));
        // the engine runs with flash attention off (its batched and one-token CPU kernels sum in other orders,
        // which audits by replay cannot excuse: LlamaSession.load); llama-bench's default is "auto", which
        // turns it on for the CPU and made its prompt about 25% faster than the same work without it
        cmd.addAll(List.of("-fa", "0"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("llama-bench failed: " + out);
        }
        JsonNode run = new ObjectMapper().readTree(out).path(0);
        System.out.println("  native (" + String.join(" ", cmd) + "): n_prompt=" + run.path("n_prompt")
                + " n_gen=" + run.path("n_gen") + " n_depth=" + run.path("n_depth") + " avg_ts=" + run.path("avg_ts"));
        return run.path("avg_ts").asDouble();
    }

    private record Options(Path model, int threads, int prompt, int gen, int reps, Path llamaBench, Path nativeLib,
                           int gpuLayers, boolean swaps) {
        static Options parse(String[] args) {
            Path model = null;
            Path bench = null;
            Path nativeLib = null;
            int threads = 2;
            int prompt = 128;
            int gen = 64;
            int reps = 3;
            int gpuLayers = 0;
            boolean swaps = true;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--model" -> model = Path.of(args[i + 1]);
                    case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                    case "--prompt" -> prompt = Integer.parseInt(args[i + 1]);
                    case "--gen" -> gen = Integer.parseInt(args[i + 1]);
                    case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                    case "--llama-bench" -> bench = Path.of(args[i + 1]);
                    case "--lib-dir" -> nativeLib = Path.of(args[i + 1]);
                    case "--gpu-layers" -> gpuLayers = Integer.parseInt(args[i + 1]);
                    case "--swaps" -> swaps = Boolean.parseBoolean(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(model, threads, prompt, gen, reps, bench, nativeLib, gpuLayers, swaps);
        }
    }
}
