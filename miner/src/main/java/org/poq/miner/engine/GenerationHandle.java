package org.poq.miner.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A queued or running generation. {@link #cancel()} stops it at the next token (or before it starts);
 * the result then completes normally with {@link StopReason#CANCELLED} and the text so far. Failures
 * (a crashed or hung worker, no model) complete the result exceptionally with an {@link EngineException}.
 */
public final class GenerationHandle {
    private final String id;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private final Consumer<String> canceller;
    private volatile boolean cancelRequested;

    GenerationHandle(String id, Consumer<String> canceller) {
        this.id = id;
        this.canceller = canceller;
    }

    public String id() {
        return id;
    }

    /** The result; a copy, so that cancelling this future does not disturb the engine. */
    public CompletableFuture<GenerationResult> result() {
        return result.copy();
    }

    /**
     * Waits for the result; throws the engine's own exception on failure. An interrupt (the node
     * cancelling work at the commit deadline) cancels the generation in the worker and ends the wait.
     */
    public GenerationResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new EngineException("the generation was interrupted and cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            String m = e.getCause().getMessage();
            throw new EngineException("the generation failed" + (m != null ? ": " + m : ""), e.getCause());
        }
    }

    public void cancel() {
        cancelRequested = true;
        canceller.accept(id);
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    void complete(GenerationResult r) {
        result.complete(r);
    }

    void fail(EngineException e) {
        result.completeExceptionally(e);
    }
}
