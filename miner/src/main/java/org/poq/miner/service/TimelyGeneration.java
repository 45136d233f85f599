package org.poq.miner.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.poq.miner.engine.ContextExceededException;
import org.poq.miner.engine.GenerationHandle;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.engine.WorkerCrashedException;
import org.poq.miner.engine.WorkerHungException;
import org.poq.network.node.TaskDeclinedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A miner's generation that its own software cannot get slashed for (issue 26):
 * <ul>
 *   <li>the answer takes at most what the context leaves after the prompt, and a prompt that leaves no
 *       room is declined openly ({@link TaskDeclinedException}) rather than failed;</li>
 *   <li>at the measured speed, the answer is capped to what can be generated before the stop time, and
 *       work that could not produce a single token by then is not started (declined);</li>
 *   <li>at the stop time the generation is stopped and the text so far is the answer, committed in time,
 *       instead of being cancelled by the commit-deadline watchdog and committed never;</li>
 *   <li>a worker crash or hang (the engine restarts the worker) is retried while time is left.</li>
 * </ul>
 */
final class TimelyGeneration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimelyGeneration.class);
    /** Stop this long before the commit deadline: the participant service's own margin (1 s) plus the time to hand over and send. */
    static final long STOP_MARGIN_MILLIS = 4_000;

    private final InferenceEngine engine;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "miner-answer-timer");
        t.setDaemon(true);
        return t;
    });
    /** llama.cpp's own speeds of the last generation; 0 until one is measured. */
    private volatile double promptTokensPerSecond;
    private volatile double tokensPerSecond;

    TimelyGeneration(InferenceEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** The answer, done before {@code commitDeadline} minus the margin. */
    GenerationResult generate(GenerationRequest request, Instant commitDeadline, TokenListener listener)
            throws TaskDeclinedException {
        Instant stopAt = commitDeadline == Instant.MAX ? Instant.MAX : commitDeadline.minusMillis(STOP_MARGIN_MILLIS);
        GenerationRequest fitting = request.fittingContext();
        for (int attempt = 1; ; attempt++) {
            long left = stopAt == Instant.MAX ? Long.MAX_VALUE : stopAt.toEpochMilli() - clock.millis();
            int affordable = affordableTokens(fitting, left);
            if (affordable < 1) {
                throw new TaskDeclinedException(String.format(Locale.ROOT, "%.1f s are left before the commit deadline, "
                        + "too little for an answer at this node's measured speed (%.0f tokens/s prompt, %.1f tokens/s "
                        + "answer)", Math.max(0, left) / 1000.0, promptTokensPerSecond, tokensPerSecond));
            }
            GenerationHandle handle = engine.generate(fitting.withMaxTokens(Math.min(fitting.maxTokens(), affordable)), listener);
            ScheduledFuture<?> stop = left == Long.MAX_VALUE ? null
                    : timer.schedule(handle::cancel, Math.max(0, left), TimeUnit.MILLISECONDS);
            try {
                GenerationResult result = handle.await();
                remember(result);
                return result;
            } catch (ContextExceededException e) {
                throw new TaskDeclinedException(e.getMessage());
            } catch (WorkerCrashedException | WorkerHungException e) {
                // the engine restarts its worker; the task is worth another try while the deadline allows
                LOG.warn("the generation failed ({}); trying again, attempt {}", e.getMessage(), attempt + 1);
            } finally {
                if (stop != null) {
                    stop.cancel(false);
                }
            }
        }
    }

    /**
     * The most answer tokens that fit in {@code leftMillis} at the measured speeds (the prompt counted at
     * one token per 3 bytes); unlimited until a speed is measured.
     */
    int affordableTokens(GenerationRequest request, long leftMillis) {
        if (leftMillis <= 0) {
            return 0;
        }
        if (tokensPerSecond <= 0 || leftMillis == Long.MAX_VALUE) {
            return request.maxTokens();
        }
        double promptSeconds = promptTokensPerSecond > 0
                ? request.prompt().getBytes(StandardCharsets.UTF_8).length / 3.0 / promptTokensPerSecond : 0;
        double answerSeconds = leftMillis / 1000.0 - promptSeconds;
        return (int) Math.max(0, Math.min(request.maxTokens(), Math.floor(answerSeconds * tokensPerSecond)));
    }

    private void remember(GenerationResult r) {
        if (r.generatedTokens() > 1 && r.tokensPerSecond() > 0) {
            tokensPerSecond = r.tokensPerSecond();
        }
        if (r.promptTokens() > 1 && r.promptTokensPerSecond() > 0) {
            promptTokensPerSecond = r.promptTokensPerSecond();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
