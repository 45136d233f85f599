package org.poq.miner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.worker.InferenceWorker;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.testmodels.AuditModels.Arch;
import org.poq.miner.testmodels.AuditModels.Quant;
import org.poq.miner.testmodels.ModelFiles;
import org.poq.miner.testmodels.TestModels;

/**
 * The audit's figures (BENCHMARKS.md, "Audit by replay"): how often honest answers pass when the
 * generating and the auditing engine differ in thread count, how often each cheat fails, and what an
 * audit costs next to generating the same answer. Run:
 * {@code mvn -pl miner -am test -Dtest=AuditBenchmarkTest -Dpoq.excludedGroups=none -Dgroups=benchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Daudit.honest=1000 -Daudit.cheats=200]} (a method: {@code
 * -Dtest='AuditBenchmarkTest#cost'}; each method's own properties are on it).
 */
@Tag("benchmark")
class AuditBenchmarkTest {
    private static final String MINER = "0x1111111111111111111111111111111111111111";
    private static final String OTHER_MINER = "0x2222222222222222222222222222222222222222";
    private static final int HONEST = Integer.getInteger("audit.honest", 1000);
    private static final int CHEATS = Integer.getInteger("audit.cheats", 200);
    private static final int MAX_TOKENS = 32;

    @Test
    void llamaRates() {
        rates(Arch.LLAMA);
    }

    @Test
    void qwenRates() {
        rates(Arch.QWEN2);
    }

    private static ModelSpec spec(Path file, int threads) {
        return ModelSpec.of(file).withContextSize(512).withThreads(threads);
    }

    /** Task i: the i-th prompt (round robin) with the miner's seed for i, up to {@link #MAX_TOKENS}. */
    private static IntFunction<GenerationRequest> tasks(LoadedModel model) {
        return i -> AuditCheats.request(model, AuditCheats.PROMPTS.get(i % AuditCheats.PROMPTS.size()),
                AuditCheats.settings(AuditCheats.seed(i, MINER)), MAX_TOKENS);
    }

    /** Honest answers to tasks 0..count-1, generated on one engine and audited on the other, in both directions. */
    private static Tally honest(InferenceEngine one, InferenceEngine two, IntFunction<GenerationRequest> task, int count) {
        Tally honest = new Tally();
        for (int i = 0; i < count; i++) {
            boolean forward = i % 2 == 0;
            GenerationRequest t = task.apply(i);
            GenerationResult r = AuditCheats.generate(forward ? one : two, t);
            honest.add((forward ? two : one).audit(AuditRequest.of(t, r)).await());
        }
        return honest;
    }

    private void rates(Arch arch) {
        try (InferenceEngine one = new InferenceEngine(EngineConfig.defaults());
             InferenceEngine two = new InferenceEngine(EngineConfig.defaults());
             InferenceEngine otherWeights = new InferenceEngine(EngineConfig.defaults());
             InferenceEngine otherQuant = new InferenceEngine(EngineConfig.defaults())) {
            LoadedModel model = one.load(spec(AuditModelFiles.of(arch, 1, Quant.F32, false), 1));
            two.load(spec(AuditModelFiles.of(arch, 1, Quant.F32, false), 2));
            otherWeights.load(spec(AuditModelFiles.of(arch, 2, Quant.F32, false), 1));
            otherQuant.load(spec(AuditModelFiles.of(arch, 1, Quant.Q8_0, false), 1));
            IntFunction<GenerationRequest> task = tasks(model);
            Tally honest = honest(one, two, task, HONEST);
            Map<String, Tally> cheats = new LinkedHashMap<>();
            for (String kind : List.of("hand-written text", "another weight set", "another quantisation (Q8_0)",
                    "another seed", "honest answer, 5% of tokens edited", "copy of another miner's answer")) {
                cheats.put(kind, new Tally());
            }
            for (int i = 0; i < CHEATS; i++) {
                GenerationRequest t = task.apply(100_000 + i);
                SamplingSettings s = t.sampling();
                cheats.get("hand-written text").addCheat(one.audit(AuditRequest.ofText(t.parts(),
                        AuditCheats.HAND_WRITTEN, s)).await());
                cheats.get("another weight set").addCheat(one.audit(AuditRequest.of(t,
                        AuditCheats.generate(otherWeights, t))).await());
                cheats.get("another quantisation (Q8_0)").addCheat(one.audit(AuditRequest.of(t,
                        AuditCheats.generate(otherQuant, t))).await());
                GenerationRequest grinded = t.withSampling(AuditCheats.settings(SamplingSeed.ofLong(i)));
                cheats.get("another seed").addCheat(one.audit(AuditRequest.of(grinded,
                        AuditCheats.generate(one, grinded)).withSampling(s)).await());
                GenerationResult honestAnswer = AuditCheats.generate(one, t);
                cheats.get("honest answer, 5% of tokens edited").addCheat(one.audit(AuditRequest.ofTokens(t.parts(),
                        AuditCheats.edited(honestAnswer.tokens(), i, 128), s)).await());
                GenerationRequest theirs = t.withSampling(AuditCheats.settings(AuditCheats.seed(100_000 + i, OTHER_MINER)));
                cheats.get("copy of another miner's answer").addCheat(one.audit(AuditRequest.of(theirs,
                        AuditCheats.generate(one, theirs)).withSampling(s)).await());
            }
            System.out.println("AUDIT " + arch + " honest (generated at 1 thread, audited at 2, and back): " + honest.honestLine());
            cheats.forEach((k, v) -> System.out.println("AUDIT " + arch + " cheat " + k + ": " + v.cheatLine()));
            assertThat(honest.passes).isGreaterThan(0);
        }
    }

    /**
     * Cost: an audit next to generating the same answer, same engine, same threads, twice per answer: as the
     * network runs it (a batch pass, and the exact replay when the batch drifts) and with the exact replay
     * forced (a debug worker skips the batch pass), the cost of an audit whenever the fallback decides.
     * {@code -Daudit.costModels=qwen2-medium,tinyllama}, {@code -Daudit.costAnswers} (after one warm-up),
     * {@code -Daudit.costTokens}.
     */
    @Test
    void cost() throws Exception {
        int threads = Integer.getInteger("audit.threads", 2);
        int answers = Integer.getInteger("audit.costAnswers", 5);
        int maxTokens = Integer.getInteger("audit.costTokens", 128);
        List<Path> models = new ArrayList<>();
        for (String name : System.getProperty("audit.costModels", "qwen2-medium,tinyllama").split(",")) {
            models.add(switch (name.trim()) {
                case "qwen2-medium" -> AuditModelFiles.of(Arch.QWEN2, 1, Quant.Q8_0, true);
                case "llama-medium" -> AuditModelFiles.of(Arch.LLAMA, 1, Quant.Q8_0, true);
                case "tinyllama" -> TestModels.tinyLlama11bQ4(ModelFiles.tinyLlama3().getParent());
                default -> throw new IllegalArgumentException("audit.costModels: qwen2-medium, llama-medium or tinyllama, not " + name);
            });
        }
        for (Path file : models) {
            try (InferenceEngine engine = new InferenceEngine(EngineConfig.defaults().withDebugFaults(true))) {
                LoadedModel model = engine.load(ModelSpec.of(file).withContextSize(1024).withThreads(threads));
                List<Double> ratios = new ArrayList<>();
                List<Double> exactRatios = new ArrayList<>();
                Tally tally = new Tally();
                Tally exactTally = new Tally();
                double genMs = 0;
                double auditMs = 0;
                double exactMs = 0;
                int tokens = 0;
                for (int i = 0; i <= answers; i++) {
                    GenerationRequest t = AuditCheats.request(model, AuditCheats.PROMPTS.get(i % AuditCheats.PROMPTS.size()),
                            AuditCheats.settings(AuditCheats.seed(i, MINER)), maxTokens);
                    long t0 = System.nanoTime();
                    GenerationResult r = AuditCheats.generate(engine, t);
                    double g = (System.nanoTime() - t0) / 1e6;
                    long t1 = System.nanoTime();
                    AuditResult a = engine.audit(AuditRequest.of(t, r)).await();
                    double au = (System.nanoTime() - t1) / 1e6;
                    long t2 = System.nanoTime();
                    AuditResult exact = engine.audit(AuditRequest.of(t, r), InferenceWorker.EXACT_REPLAY).await();
                    double ex = (System.nanoTime() - t2) / 1e6;
                    if (i == 0) {
                        continue; // warm-up
                    }
                    tally.add(a);
                    exactTally.add(exact);
                    ratios.add(au / g);
                    exactRatios.add(ex / g);
                    genMs += g;
                    auditMs += au;
                    exactMs += ex;
                    tokens += r.tokens().length;
                }
                System.out.printf("AUDIT cost %s, %d threads: %d answers, %d tokens; generation %.0f ms; as run: audit %.0f ms, "
                                + "audit/generation %s; %s%n", file.getFileName(), threads, ratios.size(), tokens, genMs, auditMs,
                        spread(ratios), tally.honestLine());
                System.out.printf("AUDIT cost %s, %d threads, exact replay forced: audit %.0f ms, audit/generation %s; %s%n",
                        file.getFileName(), threads, exactMs, spread(exactRatios), exactTally.honestLine());
            }
        }
    }

    private static String spread(List<Double> ratios) {
        List<Double> sorted = new ArrayList<>(ratios);
        sorted.sort(Double::compare);
        return String.format("median %.3f (min %.3f, max %.3f)", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    /**
     * The medium (12-layer) Q8_0 models, where llama.cpp's batch kernels drift and the exact replay decides:
     * honest answers generated at 1 thread and audited at 2 (and back), and two cheap substitutes, another
     * weight set and a smaller quantisation (Q4_0 of the same weights). {@code -Daudit.medium=N} honest
     * answers, {@code -Daudit.mediumCheats=N} of each cheat, {@code -Daudit.mediumArchs=QWEN2,LLAMA}.
     */
    @Test
    void mediumRates() {
        int honestCount = Integer.getInteger("audit.medium", 20);
        int cheatCount = Integer.getInteger("audit.mediumCheats", 10);
        for (String name : System.getProperty("audit.mediumArchs", "QWEN2,LLAMA").split(",")) {
            Arch arch = Arch.valueOf(name.trim());
            try (InferenceEngine one = new InferenceEngine(EngineConfig.defaults());
                 InferenceEngine two = new InferenceEngine(EngineConfig.defaults());
                 InferenceEngine otherWeights = new InferenceEngine(EngineConfig.defaults());
                 InferenceEngine smallerQuant = new InferenceEngine(EngineConfig.defaults())) {
                LoadedModel model = one.load(spec(AuditModelFiles.of(arch, 1, Quant.Q8_0, true), 1));
                two.load(spec(AuditModelFiles.of(arch, 1, Quant.Q8_0, true), 2));
                otherWeights.load(spec(AuditModelFiles.of(arch, 2, Quant.Q8_0, true), 2));
                smallerQuant.load(spec(AuditModelFiles.of(arch, 1, Quant.Q4_0, true), 2));
                IntFunction<GenerationRequest> task = tasks(model);
                Tally honest = honest(one, two, task, honestCount);
                Tally weights = new Tally();
                Tally quant = new Tally();
                for (int i = 0; i < cheatCount; i++) {
                    GenerationRequest t = task.apply(100_000 + i);
                    weights.addCheat(two.audit(AuditRequest.of(t, AuditCheats.generate(otherWeights, t))).await());
                    quant.addCheat(two.audit(AuditRequest.of(t, AuditCheats.generate(smallerQuant, t))).await());
                }
                System.out.println("AUDIT medium " + arch + " Q8_0 honest (generated at 1 thread, audited at 2, and back): "
                        + honest.honestLine());
                System.out.println("AUDIT medium " + arch + " cheat another weight set: " + weights.cheatLine());
                System.out.println("AUDIT medium " + arch + " cheat a smaller quantisation (Q4_0): " + quant.cheatLine());
                assertThat(honest.passes).isGreaterThan(0);
            }
        }
    }

    /** Counts of verdicts and mismatched positions. */
    private static final class Tally {
        int audits;
        int passes;
        int long16;
        int long16Fails;
        long positions;
        long mismatches;
        int maxMismatches;
        double maxMargin;
        long withinDrift;
        List<String> failures = new ArrayList<>();

        void add(AuditResult r) {
            audits++;
            passes += r.verdict() == AuditResult.Verdict.PASS ? 1 : 0;
            positions += r.positions();
            mismatches += r.mismatches();
            maxMismatches = Math.max(maxMismatches, r.mismatches());
            for (double m : r.marginAt()) {
                maxMargin = Math.max(maxMargin, m);
                withinDrift += m <= AuditPolicy.DRIFT_MARGIN ? 1 : 0;
            }
            if (r.verdict() != AuditResult.Verdict.PASS && failures.size() < 5) {
                failures.add(r.describe() + " margins " + Arrays.toString(r.marginAt()));
            }
        }

        void addCheat(AuditResult r) {
            add(r);
            if (r.positions() >= 16) {
                long16++;
                long16Fails += r.verdict() == AuditResult.Verdict.FAIL ? 1 : 0;
            }
        }

        String honestLine() {
            return String.format("%d/%d pass (%.2f%%), %d of %d positions mismatched (%.2e per position), at most %d "
                    + "in one answer, largest margin %.2e%s", passes, audits, 100.0 * passes / audits, mismatches, positions,
                    positions == 0 ? 0 : (double) mismatches / positions, maxMismatches, maxMargin,
                    failures.isEmpty() ? "" : "; failed: " + failures);
        }

        String cheatLine() {
            return String.format("%d/%d answers of >= 16 tokens fail (%.2f%%); %d/%d of all fail; mismatched %.1f%% of "
                            + "positions, %d of %d mismatches within the drift margin", long16Fails, long16,
                    long16 == 0 ? 0 : 100.0 * long16Fails / long16, audits - passes, audits,
                    positions == 0 ? 0 : 100.0 * mismatches / positions, withinDrift, mismatches);
        }
    }
}
