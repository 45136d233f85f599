package org.poq.miner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.engine.StopReason;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.testmodels.ModelFiles;
import org.poq.network.node.TaskDeclinedException;

/**
 * The miner's answer against the commit deadline, with the real engine: work that could not give a token
 * in time is declined before it starts, and a generation that would outlive the deadline ends in time
 * with the text so far (committed, not cancelled by the deadline watchdog and lost). MinerServiceTest
 * shows the context and crash cases on anvil.
 */
class TimelyGenerationTest {
    static InferenceEngine engine;
    static TimelyGeneration generation;

    @BeforeAll
    static void load() throws Exception {
        engine = new InferenceEngine(EngineConfig.defaults());
        engine.load(ModelSpec.of(ModelFiles.tinyLlama3()).withContextSize(512).withThreads(2));
        generation = new TimelyGeneration(engine, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        generation.close();
        engine.close();
    }

    private static GenerationRequest request(int maxTokens) {
        // a greedy run of the random-weight test model does not stop on its own: it runs to maxTokens
        return GenerationRequest.of("Count from one to one hundred.").withTemperature(0f).withMaxTokens(maxTokens)
                .withStopStrings(java.util.List.of());
    }

    @Test
    void workThatCouldNotGiveATokenBeforeTheDeadlineIsDeclinedNotStarted() {
        Instant deadline = Instant.now().plusMillis(TimelyGeneration.STOP_MARGIN_MILLIS - 500);
        int[] tokens = {0};
        assertThatThrownBy(() -> generation.generate(request(50), deadline, piece -> tokens[0]++))
                .isInstanceOf(TaskDeclinedException.class).hasMessageContaining("before the commit deadline");
        assertThat(tokens[0]).as("nothing was generated").isZero();
    }

    /**
     * The time left is read from the node's clock; a fixed clock makes it exactly the budget however busy
     * the machine is (with the wall clock, a loaded machine spent the budget before the start and the work
     * was declined instead: a flaky test). The stop timer still runs in real time.
     */
    @Test
    void aGenerationThatWouldOutliveTheDeadlineEndsInTimeWithTheTextSoFar() throws Exception {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        try (TimelyGeneration fixed = new TimelyGeneration(engine, Clock.fixed(now, ZoneOffset.UTC))) {
            GenerationResult measured = fixed.generate(request(64), Instant.MAX, TokenListener.NONE);
            assertThat(measured.generatedTokens()).isEqualTo(64);
            // time for the prompt (counted as the node counts it, a token per 3 bytes) and about 32 answer tokens
            // at the speeds just measured: the answer is capped or stopped, never lost
            double promptMillis = 1000 * (request(400).prompt().getBytes(StandardCharsets.UTF_8).length / 3.0)
                    / measured.promptTokensPerSecond();
            long budgetMillis = (long) Math.ceil(promptMillis) + Math.max(50, (long) (1000 * 32 / measured.tokensPerSecond()));
            Instant deadline = now.plusMillis(TimelyGeneration.STOP_MARGIN_MILLIS + budgetMillis);
            GenerationResult timely = fixed.generate(request(400), deadline, TokenListener.NONE);
            assertThat(timely.generatedTokens()).isLessThan(400);
            assertThat(timely.stopReason()).isIn(StopReason.MAX_TOKENS, StopReason.CANCELLED);
        }
    }
}
