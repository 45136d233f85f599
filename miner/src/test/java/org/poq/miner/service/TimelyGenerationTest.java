package org.poq.miner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
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

    @Test
    void aGenerationThatWouldOutliveTheDeadlineEndsInTimeWithTheTextSoFar() throws Exception {
        GenerationResult measured = generation.generate(request(64), Instant.MAX, TokenListener.NONE);
        assertThat(measured.generatedTokens()).isEqualTo(64);
        // time for well under 400 tokens at the speed just measured: the answer is capped or stopped, never lost
        long budgetMillis = Math.max(50, (long) (1000 * 32 / measured.tokensPerSecond()));
        Instant deadline = Instant.now().plusMillis(TimelyGeneration.STOP_MARGIN_MILLIS + budgetMillis);
        GenerationResult timely = generation.generate(request(400), deadline, TokenListener.NONE);
        assertThat(timely.generatedTokens()).isLessThan(400);
        assertThat(timely.stopReason()).isIn(StopReason.MAX_TOKENS, StopReason.CANCELLED);
    }
}
