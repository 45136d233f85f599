package org.poq.app.gui;

import java.util.function.BooleanSupplier;

/** Waits for a condition that background work will make true; the limit only stops a hung test. */
public final class Await {
    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
