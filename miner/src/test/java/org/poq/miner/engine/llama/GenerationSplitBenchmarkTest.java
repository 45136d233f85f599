package org.poq.miner.engine.llama;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.LlamaLibraries;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.TokenSplit;
import org.poq.miner.testmodels.TestModels;

/**
 * Where a generated token's time goes, inside one process (no worker, no pipe), on the benchmark's
 * TinyLlama-1.1B-shaped Q4_0: variants alternate repetition by repetition, so the machine's load hits
 * them alike, and only their ratios are read.
 * <ul>
 * <li>bare, get_one, no pool: llama-bench's tg loop in Java (llama_batch_get_one per token, random
 * tokens, no sampling) with no threadpool attached, as the engine decoded before;</li>
 * <li>bare, get_one, pool: the same with a kept CPU threadpool attached, as llama-bench does;</li>
 * <li>bare, reused batch, pool: the engine's decode path now (one batch built once);</li>
 * <li>generate, no pool / generate, pool: LlamaSession.generate, seeded top-k/top-p sampling, with its
 * per-token split (sample, detokenize, emit, decode).</li>
 * </ul>
 * <pre>nice -n 10 mvn -B -pl miner -am verify -Dpoq.excludedGroups=none -Dgroups=benchmark \
 *   -Dtest=GenerationSplitBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false [-Dpoq.split.reps=7 -Dpoq.split.threads=2]</pre>
 * Prints; asserts nothing about speed.
 */
@Tag("benchmark")
class GenerationSplitBenchmarkTest {
    private static final int PROMPT = 128;
    private static final int GEN = 64;

    @Test
    void splitOfAGeneratedToken() throws Exception {
        int reps = Integer.getInteger("poq.split.reps", 7);
        int threads = Integer.getInteger("poq.split.threads", 2);
        Path dir = LlamaLibraries.locate();
        Path model = TestModels.tinyLlama11bQ4(Files.createDirectories(
                Path.of(System.getProperty("poq.repo.root", ".."), "resources", "models", "generated")));
        LlamaRuntime runtime = LlamaRuntime.load(dir, List.of(), (level, text) -> { });
        Function synchronize = NativeLibrary.getInstance(LlamaLibraries.llamaLibrary(dir).orElseThrow().toString())
                .getFunction("llama_synchronize");
        LlamaApi api = runtime.api();
        try (LlamaSession session = LlamaSession.load(api, List.of(model.toString()), 2048, threads, 0)) {
            List<PromptPart> prompt = List.of(PromptPart.template(promptOf(session)));
            System.out.printf(Locale.ROOT, "model %s, threads %d, prompt %d tokens, %d generated, %d reps%n",
                    model.getFileName(), threads, session.tokenize(prompt).length, GEN, reps);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<TokenSplit>> splits = new LinkedHashMap<>();
            for (int rep = -1; rep < reps; rep++) { // rep -1 warms every variant up and is not counted
                Random random = new Random(rep);
                record(rates, rep, "bare, get_one, no pool", bare(session, api, synchronize, random, false, false));
                record(rates, rep, "bare, get_one, pool", bare(session, api, synchronize, random, true, false));
                record(rates, rep, "bare, reused batch, pool", bare(session, api, synchronize, random, true, true));
                for (boolean pool : new boolean[] {false, true}) {
                    String name = "generate, " + (pool ? "pool" : "no pool");
                    session.useThreadpool(pool);
                    LlamaSession.Outcome out = session.generate(prompt, GEN, Integer.MAX_VALUE,
                            new SamplingSettings(0.8f, 40, 0.95f, SamplingSeed.ofLong(Math.max(0, rep))), List.of(), () -> false, text -> { });
                    session.useThreadpool(true);
                    TokenSplit s = out.split();
                    record(rates, rep, name + " (wall)", s.tokens() / (s.loopNanos() / 1e9));
                    record(rates, rep, name + " (llama.cpp t_eval)", (out.generatedTokens() - 1) / (out.generationMs() / 1e3));
                    if (rep >= 0) {
                        splits.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
                    }
                }
            }
            System.out.println("tokens/s, mean and median over repetitions (each repetition's figure in brackets):");
            rates.forEach((name, list) -> System.out.printf(Locale.ROOT, "  %-40s mean %7.2f median %7.2f  %s%n", name,
                    mean(list), median(list), format(list)));
            // the median of per-repetition ratios: neighbours in one repetition share the machine's load
            System.out.printf(Locale.ROOT, "RATIO (median of per-repetition ratios) bare loop, pool / no pool: %.3f;"
                            + " reused batch / get_one (both pool): %.3f%n",
                    ratio(rates, "bare, get_one, pool", "bare, get_one, no pool"),
                    ratio(rates, "bare, reused batch, pool", "bare, get_one, pool"));
            System.out.printf(Locale.ROOT, "RATIO (median of per-repetition ratios) generate pool / no pool, llama.cpp's timer:"
                            + " %.3f, wall: %.3f; generate (wall) / bare reused batch, both pool: %.3f%n",
                    ratio(rates, "generate, pool (llama.cpp t_eval)", "generate, no pool (llama.cpp t_eval)"),
                    ratio(rates, "generate, pool (wall)", "generate, no pool (wall)"),
                    ratio(rates, "generate, pool (wall)", "bare, reused batch, pool"));
            splits.forEach((name, list) -> System.out.println("SPLIT " + name + ": " + TokenSplit.sum(list).describe()));
        } finally {
            runtime.free();
        }
    }

    /** llama-bench's test_gen after a prompt of PROMPT random tokens: decode, synchronize, next random token. */
    private static double bare(LlamaSession session, LlamaApi api, Function synchronize, Random random, boolean pool,
                               boolean reusedBatch) {
        Pointer ctx = session.context();
        int vocab = api.llama_vocab_n_tokens(session.vocab());
        session.useThreadpool(pool);
        try {
            api.llama_memory_clear(api.llama_get_memory(ctx), (byte) 1);
            Memory prompt = new Memory(4L * PROMPT);
            for (int i = 0; i < PROMPT; i++) {
                prompt.setInt(4L * i, random.nextInt(vocab));
            }
            check(api.llama_decode(ctx, api.llama_batch_get_one(prompt, PROMPT)));
            synchronize.invokeVoid(new Object[] {ctx});
            Memory one = new Memory(4);
            int token = random.nextInt(vocab);
            long t0 = System.nanoTime();
            for (int i = 0; i < GEN; i++) {
                if (reusedBatch) {
                    session.decodeOneForBenchmark(token);
                } else {
                    one.setInt(0, token);
                    check(api.llama_decode(ctx, api.llama_batch_get_one(one, 1)));
                }
                synchronize.invokeVoid(new Object[] {ctx});
                token = random.nextInt(vocab);
            }
            return GEN / ((System.nanoTime() - t0) / 1e9);
        } finally {
            session.useThreadpool(true);
        }
    }

    private static void check(int rc) {
        if (rc != 0) {
            throw new IllegalStateException("llama_decode returned " + rc);
        }
    }

    private static void record(Map<String, List<Double>> rates, int rep, String name, double rate) {
        if (rep >= 0) {
            rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
        }
    }

    private static double mean(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double median(List<Double> list) {
        double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double ratio(Map<String, List<Double>> rates, String numerator, String denominator) {
        List<Double> a = rates.get(numerator);
        List<Double> b = rates.get(denominator);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return median(ratios);
    }

    private static String format(List<Double> list) {
        return list.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList().toString();
    }

    /** Repeated words up to about PROMPT tokens, as the engine benchmark's prompt. */
    private static String promptOf(LlamaSession session) {
        String[] words = {"the", "quality", "of", "an", "answer", "is", "what", "the", "miner", "is", "paid", "for"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; ; i++) {
            String next = sb + (i == 0 ? "" : " ") + words[i % words.length];
            if (session.tokenize(List.of(PromptPart.template(next))).length > PROMPT) {
                return sb.toString();
            }
            sb.setLength(0);
            sb.append(next);
        }
    }
}
