package org.poq.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition of a real system (a chain, a process) until it holds or a generous limit passes. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
