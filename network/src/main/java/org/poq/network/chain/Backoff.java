package org.poq.network.chain;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th wait is half of min(max, base * 2^n) plus a random part
 * of the same size. The random half keeps many clients that were refused together (a 429 burst hits
 * everyone) from coming back in step.
 */
public record Backoff(Duration base, Duration max) {
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(4));
    }

    public long delayMillis(int attempt) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(20, Math.max(0, attempt)));
        long half = Math.max(1, ceiling / 2);
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }

    public void sleep(int attempt) throws InterruptedIOException {
        try {
            Thread.sleep(delayMillis(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
