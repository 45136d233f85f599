package org.poq.app.serve;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each family's token counter ({@link ModelTokens}), looked up while its rounds run rather than after:
 * finding it reads the family's registered miners (a chain call per node) and may open a tokenizer, which
 * on the way out cost more than the rest of the response. {@link #prefetch} starts the lookup when a
 * round is submitted; {@link #get} finds it done when the round ends. A lookup is kept {@link #KEEP}
 * (a miner registering another model changes only whether counts are exact or estimated); a failed one
 * is not kept.
 */
final class TokenCounters {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCounters.class);
    static final Duration KEEP = Duration.ofSeconds(60);

    private final Rounds rounds;
    private final ModelTokens tokens;
    private final Executor background;
    private final Map<String, Lookup> byFamily = new ConcurrentHashMap<>();

    private record Lookup(CompletableFuture<ModelTokens.Counter> counter, long at) {
    }

    TokenCounters(Rounds rounds, ModelTokens tokens, Executor background) {
        this.rounds = rounds;
        this.tokens = tokens;
        this.background = background;
    }

    /** Starts looking the family's counter up, unless a recent lookup has it or is under way. */
    CompletableFuture<ModelTokens.Counter> prefetch(String family) {
        long now = System.nanoTime();
        return byFamily.compute(family, (f, old) -> old != null && !old.counter().isCompletedExceptionally()
                && now - old.at() < KEEP.toNanos() ? old
                : new Lookup(lookUp(f), now)).counter();
    }

    private CompletableFuture<ModelTokens.Counter> lookUp(String family) {
        try {
            return CompletableFuture.supplyAsync(() -> tokens.forModels(rounds.modelIds(family)), background);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // the server is stopping: counts are estimated, and the next lookup retries
        }
    }

    /** How this family's tokens are counted: with a miner's model when this node has it, else estimated. */
    ModelTokens.Counter get(String family) {
        try {
            return prefetch(family).join();
        } catch (CompletionException | CancellationException e) {
            LOG.debug("the family's model ids could not be read: usage is estimated", e);
            return ModelTokens.ESTIMATED;
        }
    }
}
