package org.poq.app.gui;

import java.util.function.BooleanSupplier;

/** Waits for a condition that background work will make true; the limit only stops a hung test. */
public final class Await {
    private Await() {
    }

    /**
     * Tests run the UI executor directly, so a list may change under the condition's iteration:
     * that reads as "not yet", and the next look decides.
     */
    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (java.util.ConcurrentModificationException e) {
            return false;
        }
    }

    public static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + 120_000_000_000L;
        while (!holds(condition)) {
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
