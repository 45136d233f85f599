package org.poq.network.node;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.poq.core.StateLine;
import org.poq.network.chain.PoqNetworkException;

/**
 * A node's threads: one that takes every chain action in turn (so two steps of one task never race),
 * a pool for the work, and a timer for the resync and the deadline watchdog. A crash at a checkpoint
 * or {@link #close} halts all three at once.
 */
final class NodeThreads implements AutoCloseable {
    private final ExecutorService chainActions;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final Consumer<Exception> errors;
    private final Runnable onHalt;
    private final StateLine errorLine = new StateLine();
    private volatile boolean closed;

    NodeThreads(String word, int maxConcurrentJobs, Consumer<Exception> errors, Runnable onHalt) {
        this.chainActions = Executors.newSingleThreadExecutor(daemon("poq-" + word + "-chain"));
        this.workers = Executors.newFixedThreadPool(Math.max(1, maxConcurrentJobs), daemon("poq-" + word + "-work"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("poq-node-resync"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.errors = errors;
        this.onHalt = onHalt;
    }

    boolean closed() {
        return closed;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Reports an error unless the node is closing (then interrupted calls are the shutdown itself): when
     * it starts or changes, then as a reminder every 30 s while it repeats, so the resync every 2 s does
     * not log the same "no task #2 on this network" without end (issue 28's decision 0038).
     */
    void report(Exception e) {
        if (!closed) {
            String message = String.valueOf(e.getMessage());
            errorLine.report(message).ifPresent(line -> errors.accept(line.equals(message) ? e : new PoqNetworkException(line, e)));
        }
    }

    /** Runs a chain action after those already queued; its failure is reported, not thrown. */
    void onChainThread(Runnable action) {
        if (!closed) {
            chainActions.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    report(e);
                }
            });
        }
    }

    Future<?> work(Callable<Void> job) {
        return workers.submit(job);
    }

    void every(long millis, Runnable task) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                report(e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops everything at once, as a crash would. */
    void halt() {
        closed = true;
        timer.shutdownNow();
        onHalt.run();
        chainActions.shutdownNow();
        workers.shutdownNow();
    }

    @Override
    public void close() {
        halt();
        try {
            chainActions.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
