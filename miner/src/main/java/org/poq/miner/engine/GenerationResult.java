package org.poq.miner.engine;

import java.time.Duration;

/**
 * A finished generation, timed by llama.cpp itself (llama_perf_context), so tokens/s are the engine's
 * and exclude the pipe to the worker and whatever the caller does with the text.
 *
 * @param timeToFirstToken the prompt's processing time
 * @param generationTime   the time spent decoding generated tokens
 * @param split            where the worker's token loop spent its time (for benchmarks; NONE when not known)
 * @param tokens           every token drawn, the ending end-of-generation token included: what an audit replays
 */
public record GenerationResult(String text, int promptTokens, int generatedTokens, Duration timeToFirstToken,
                               Duration generationTime, StopReason stopReason, TokenSplit split, int[] tokens) {

    public GenerationResult(String text, int promptTokens, int generatedTokens, Duration timeToFirstToken,
                            Duration generationTime, StopReason stopReason) {
        this(text, promptTokens, generatedTokens, timeToFirstToken, generationTime, stopReason, TokenSplit.NONE,
                new int[0]);
    }

    /** Generation speed after the first token, the usual definition (prompt time excluded). */
    public double tokensPerSecond() {
        double seconds = generationTime.toNanos() / 1e9;
        // llama.cpp times the decodes of generated tokens; the last sampled token is not decoded
        return generatedTokens > 1 && seconds > 0 ? (generatedTokens - 1) / seconds : 0;
    }

    /** Prompt processing speed. */
    public double promptTokensPerSecond() {
        double seconds = timeToFirstToken.toNanos() / 1e9;
        return seconds > 0 ? promptTokens / seconds : 0;
    }
}
