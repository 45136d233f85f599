package org.poq.miner.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A queued or running audit. {@link #cancel()} stops it between batches of the replay; the result then
 * has the verdict CANCELLED. A crashed or hung worker fails it with the engine's own exception, as a
 * generation would.
 */
public final class AuditHandle {
    private final String id;
    private final CompletableFuture<AuditResult> result = new CompletableFuture<>();
    private final Consumer<String> canceller;
    private volatile boolean cancelRequested;

    AuditHandle(String id, Consumer<String> canceller) {
        this.id = id;
        this.canceller = canceller;
    }

    public String id() {
        return id;
    }

    /** Waits for the verdict; an interrupt cancels the audit in the worker and ends the wait. */
    public AuditResult await() {
        return await(Duration.ofMillis(Long.MAX_VALUE)).orElseThrow(); // no wait this long ends by time
    }

    /**
     * Waits at most {@code limit} for the verdict; when it has not come by then, cancels the audit and
     * returns empty (the caller abstains instead of missing its own deadline).
     */
    public Optional<AuditResult> await(Duration limit) {
        try {
            return Optional.of(result.get(Math.max(0, limit.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            cancel();
            return Optional.empty();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new EngineException("the audit was interrupted and cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EngineException("the audit failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public void cancel() {
        cancelRequested = true;
        canceller.accept(id);
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    void complete(AuditResult r) {
        result.complete(r);
    }

    void fail(EngineException e) {
        result.completeExceptionally(e);
    }
}
