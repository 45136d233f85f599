package org.poq.miner.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.LlamaLibraries;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.StopReason;
import org.poq.miner.engine.TokenSplit;
import org.poq.miner.testmodels.ModelFiles;

/**
 * The decode path the generation speed work changed, in this process on the tiny Llama 3 model: the
 * batch built once must be exactly llama_batch_get_one's, the kept CPU threadpool must give the same
 * tokens as ggml's throw-away pool, and the per-token split must account for the generation.
 */
class LlamaSessionDecodeTest {
    private static final List<PromptPart> PROMPT = List.of(PromptPart.template("proof of quality pays the miner"));

    private static LlamaRuntime runtime;
    private static LlamaSession session;

    @BeforeAll
    static void load() {
        runtime = LlamaRuntime.load(LlamaLibraries.locate(), List.of(), (level, text) -> { });
        // two threads, so the threadpool has a worker thread of its own (one thread runs on the caller alone)
        session = LlamaSession.load(runtime.api(), List.of(ModelFiles.tinyLlama3().toString()), 256, 2, 0);
    }

    @AfterAll
    static void free() {
        if (session != null) {
            session.close();
        }
        if (runtime != null) {
            runtime.free();
        }
    }

    @Test
    void theReusedBatchIsExactlyWhatLlamaBatchGetOneReturns() {
        for (int n : new int[] {1, 7}) {
            LlamaBatch ours = session.batchFor(n);
            LlamaBatch theirs = runtime.api().llama_batch_get_one(session.tokenBuffer(), n);
            assertThat(ours.n_tokens).isEqualTo(theirs.n_tokens).isEqualTo(n);
            assertThat(ours.token).isEqualTo(theirs.token).isEqualTo(session.tokenBuffer());
            // positions, sequences and logits stay null: llama.cpp fills them from the context, as for get_one
            assertThat(List.of(String.valueOf(ours.embd), String.valueOf(ours.pos), String.valueOf(ours.n_seq_id),
                    String.valueOf(ours.seq_id), String.valueOf(ours.logits)))
                    .isEqualTo(List.of(String.valueOf(theirs.embd), String.valueOf(theirs.pos),
                            String.valueOf(theirs.n_seq_id), String.valueOf(theirs.seq_id),
                            String.valueOf(theirs.logits)))
                    .containsOnly("null");
        }
    }

    /**
     * A seeded run through the kept pool against the same run through ggml's throw-away pool per graph
     * (the engine before): the same threads split the same work, so every token must be the same.
     */
    @Test
    void theKeptThreadpoolGivesTheSameTokensAsAThrowAwayPool() {
        List<String> kept = run(true, 0.8f, 11);
        List<String> throwAway = run(false, 0.8f, 11);
        assertThat(kept).isEqualTo(throwAway);
        assertThat(String.join("", kept)).isNotEmpty();
        assertThat(run(true, 0f, 0)).isEqualTo(run(false, 0f, 0)); // greedy too
        assertThat(run(true, 0.8f, 12)).as("another seed").isNotEqualTo(kept);
    }

    /**
     * Idle time after a cancelled job (its last decode's logits never read) and after the warm-up of a
     * fresh session must not be booked as the next prompt's time: the engine's prompt figure can never
     * exceed the wall clock of the whole call that contains it.
     */
    @Test
    void thePromptFigureCoversTheDecodeAloneAfterACancelAndAfterIdleTime() throws InterruptedException {
        boolean[] emitted = {false};
        LlamaSession.Outcome cancelled = session.generate(PROMPT, 12, Integer.MAX_VALUE, new SamplingSettings(0f, 0, 1f, SamplingSeed.ofLong(0)), List.of(),
                () -> emitted[0], text -> emitted[0] = true);
        assertThat(cancelled.stop()).isEqualTo(StopReason.CANCELLED);
        assertWithinItsCall(session);

        LlamaSession fresh = LlamaSession.load(runtime.api(), List.of(ModelFiles.tinyLlama3().toString()), 256, 2, 0);
        try {
            assertWithinItsCall(fresh); // the first job after the warm-up
        } finally {
            fresh.close();
        }
    }

    private static void assertWithinItsCall(LlamaSession s) throws InterruptedException {
        Thread.sleep(1500); // a node idle between jobs
        long t0 = System.nanoTime();
        LlamaSession.Outcome out = s.generate(PROMPT, 4, Integer.MAX_VALUE, new SamplingSettings(0f, 0, 1f, SamplingSeed.ofLong(0)), List.of(),
                () -> false, text -> { });
        double wallMs = (System.nanoTime() - t0) / 1e6;
        assertThat(out.promptMs()).as("prompt %.1f ms inside a call of %.1f ms", out.promptMs(), wallMs)
                .isPositive().isLessThanOrEqualTo(wallMs);
        assertThat(out.generationMs()).isLessThanOrEqualTo(wallMs);
    }

    @Test
    void theSplitAccountsForTheTokenLoop() {
        LlamaSession.Outcome out = session.generate(PROMPT, 12, Integer.MAX_VALUE,
                new SamplingSettings(0.8f, 40, 0.95f, SamplingSeed.ofLong(3)), List.of(),
                () -> false, text -> { });
        TokenSplit s = out.split();
        assertThat(out.stop()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(s.tokens()).isEqualTo(out.generatedTokens()).isEqualTo(12);
        assertThat(s.decodeNanos()).isPositive();
        assertThat(s.sampleNanos()).isPositive();
        long parts = s.sampleNanos() + s.detokenizeNanos() + s.emitNanos() + s.decodeNanos();
        assertThat(parts).isLessThanOrEqualTo(s.loopNanos());
        assertThat(parts).isGreaterThan(s.loopNanos() / 2); // the phases are the loop, not a sample of it
        assertThat(s.describe()).contains("ms/token over 12 tokens");
    }

    /** The kept pool's threads poll briefly after a graph and then sleep: an idle model costs no CPU. */
    @Test
    void anIdleSessionsThreadpoolDoesNotSpin() throws InterruptedException {
        session.generate(PROMPT, 4, Integer.MAX_VALUE,
                new SamplingSettings(0f, 0, 1f, SamplingSeed.ofLong(0)), List.of(), () -> false, text -> { });
        Thread.sleep(300); // past ggml's polling
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        Thread.sleep(1000);
        long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        assertThat(cpuMs).as("CPU time of this process over one idle second, ms").isLessThan(300);
    }

    private static List<String> run(boolean keptPool, float temperature, long seed) {
        session.useThreadpool(keptPool);
        try {
            List<String> pieces = new ArrayList<>();
            session.generate(PROMPT, 8, Integer.MAX_VALUE,
                new SamplingSettings(temperature, 40, 0.95f, SamplingSeed.ofLong(seed)), List.of(), () -> false,
                    pieces::add);
            return pieces;
        } finally {
            session.useThreadpool(true);
        }
    }
}
