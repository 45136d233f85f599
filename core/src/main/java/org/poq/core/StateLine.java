package org.poq.core;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Logs a person can read (decision record 0038): a repeating problem is told once when it starts or
 * changes, then as a reminder at most every {@code every} while it lasts ("still ...: for 30 s"), and
 * once more when it ends. An RPC outage polled 20 times a second thus gives one line, a reminder every
 * 30 s and a line when the node answers again, not 841 lines in 42 s. Thread-safe.
 */
public final class StateLine {
    public static final Duration REMINDER = Duration.ofSeconds(30);

    private final Duration every;
    private final LongSupplier nanos;
    private String state;
    private long since;
    private long lastTold;

    public StateLine() {
        this(REMINDER, System::nanoTime);
    }

    public StateLine(Duration every, LongSupplier nanos) {
        this.every = every;
        this.nanos = nanos;
    }

    /**
     * The line to tell for the state now, or empty when it was told lately: a new state at once, the
     * same one again after {@code every}, saying how long it has lasted.
     */
    public synchronized Optional<String> report(String now) {
        long t = nanos.getAsLong();
        if (!now.equals(state)) {
            state = now;
            since = t;
            lastTold = t;
            return Optional.of(now);
        }
        if (t - lastTold >= every.toNanos()) {
            lastTold = t;
            return Optional.of("still " + now + " (for " + Duration.ofNanos(t - since).toSeconds() + " s)");
        }
        return Optional.empty();
    }

    /** The problem ended: the line that says so (with how long it lasted), or empty if none was told. */
    public synchronized Optional<String> clear(String what) {
        if (state == null) {
            return Optional.empty();
        }
        long lasted = Duration.ofNanos(nanos.getAsLong() - since).toSeconds();
        state = null;
        return Optional.of(what + " after " + lasted + " s");
    }

    /** Whether a problem is being told now. */
    public synchronized boolean active() {
        return state != null;
    }
}
