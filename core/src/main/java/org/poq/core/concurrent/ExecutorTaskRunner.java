package org.poq.core.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A TaskRunner on a bounded pool of daemon threads named after the work they run. */
public final class ExecutorTaskRunner implements TaskRunner {
    private final ExecutorService executor;

    public ExecutorTaskRunner(String poolName, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, poolName + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public <T> CompletableFuture<T> submit(String name, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (executor.isShutdown()) {
            result.cancel(false); // closing: work asked for now (a late UI event) is not started
            return result;
        }
        try {
            execute(name, work, result);
        } catch (RejectedExecutionException closing) {
            result.cancel(false);
        }
        return result;
    }

    private <T> void execute(String name, Callable<T> work, CompletableFuture<T> result) {
        executor.execute(() -> {
            Thread current = Thread.currentThread();
            String previous = current.getName();
            current.setName(previous + " [" + name + "]");
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                current.setName(previous);
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
