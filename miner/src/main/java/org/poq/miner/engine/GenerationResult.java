package org.poq.miner.engine;

import java.time.Duration;

/**
 * A finished generation, timed in the parent process, so the figures include the trip through the
 * worker's pipe.
 *
 * @param timeToFirstToken from sending the request to receiving the first piece of text
 * @param generationTime   from the first piece to the last
 */
public record GenerationResult(String text, int promptTokens, int generatedTokens, Duration timeToFirstToken,
                               Duration generationTime, StopReason stopReason) {

    /** Generation speed after the first token, the usual definition (prompt time excluded). */
    public double tokensPerSecond() {
        double seconds = generationTime.toNanos() / 1e9;
        return generatedTokens > 1 && seconds > 0 ? (generatedTokens - 1) / seconds : 0;
    }

    /** Prompt processing speed, estimated from the time to first token. */
    public double promptTokensPerSecond() {
        double seconds = timeToFirstToken.toNanos() / 1e9;
        return seconds > 0 ? promptTokens / seconds : 0;
    }
}
