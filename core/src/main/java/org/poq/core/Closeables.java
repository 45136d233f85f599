package org.poq.core;

/** Shutting several things down: each is closed even when one before it fails. */
public final class Closeables {
    private Closeables() {
    }

    /** Closes every one in order; a failure is ignored so the rest still close. */
    public static void closeAll(Iterable<? extends AutoCloseable> all) {
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down: the others matter more than this one's complaint
            }
        }
    }
}
