package org.poq.app.serve;

import java.util.Locale;

/**
 * Where one request's time went, in nanoseconds of {@link System#nanoTime}: the endpoint's own work
 * before the wallet signs ({@link #inMillis}), and after the round's Finalized event is seen until the
 * response is written ({@link #outMillis}). The round itself (submit to Finalized) is the network's.
 */
public final class Timings {
    private final long received = System.nanoTime();
    private volatile long signing;
    private volatile long submitted;
    private volatile long finalSeen;
    private volatile long answered;

    void signing() {
        signing = System.nanoTime();
    }

    void submitted() {
        submitted = System.nanoTime();
    }

    void finalSeen() {
        if (finalSeen == 0) {
            finalSeen = System.nanoTime();
        }
    }

    void answered() {
        answered = System.nanoTime();
    }

    /** Request in to the task handed to the wallet for signing: parsing, checks, limits. */
    public double inMillis() {
        return ms(received, signing);
    }

    /** Signing and mining the submission (the chain's part). */
    public double submitMillis() {
        return ms(signing, submitted);
    }

    /** The round, from the mined submission to the Finalized event reaching the endpoint. */
    public double roundMillis() {
        return ms(submitted, finalSeen);
    }

    /** Finalized seen to response written: reading the evidence and shaping the answer. */
    public double outMillis() {
        return ms(finalSeen, answered);
    }

    /** As a Server-Timing header value (milliseconds), so a client or benchmark can read it. */
    String header() {
        return String.format(Locale.ROOT, "poq-in;dur=%.2f, poq-submit;dur=%.2f, poq-round;dur=%.2f, poq-out;dur=%.2f",
                inMillis(), submitMillis(), roundMillis(), outMillis());
    }

    private static double ms(long from, long to) {
        return from == 0 || to == 0 ? -1 : (to - from) / 1e6;
    }
}
