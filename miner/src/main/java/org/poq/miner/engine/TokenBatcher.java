package org.poq.miner.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers streamed tokens and hands them on in batches, at most one batch per interval, through the
 * given executor (the UI's, in the app): a UI redrawn per token at 20-50 tokens/s wastes its thread.
 * {@link #close()} delivers whatever is left, so the batches always add up to the whole text.
 */
public final class TokenBatcher implements TokenListener, AutoCloseable {
    private final Consumer<String> sink;
    private final Executor deliverOn;
    private final ScheduledExecutorService timer;
    private final StringBuilder pending = new StringBuilder();
    private boolean closed;

    public TokenBatcher(Duration interval, Executor deliverOn, Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink);
        this.deliverOn = Objects.requireNonNull(deliverOn);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poq-token-batcher");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(this::flush, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void onToken(String piece) {
        if (!closed) {
            pending.append(piece);
        }
    }

    /** Hands on what has gathered, if anything. */
    public void flush() {
        String batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending.toString();
            pending.setLength(0);
        }
        deliverOn.execute(() -> sink.accept(batch));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        synchronized (this) {
            closed = true;
        }
    }
}
