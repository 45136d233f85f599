package org.poq.network.node;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.poq.core.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit deadline, on the chain's clock: whether a commit can still land in time, and, for work
 * that is running, a timer that interrupts it at the deadline (the answer could no longer be committed
 * and the node would only waste its machine).
 */
final class DeadlineWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineWatchdog.class);
    /** A commit sent this close to the deadline may land after it: the node does not send it. */
    static final long COMMIT_MARGIN_MILLIS = 1_000;

    private final ChainClock clock;
    private final ScheduledExecutorService timer;
    private final Set<TaskId> cancelled = ConcurrentHashMap.newKeySet();

    DeadlineWatchdog(ChainClock clock, ScheduledExecutorService timer) {
        this.clock = clock;
        this.timer = timer;
    }

    private long nowMillis() {
        return clock.now().toEpochMilli();
    }

    /** Whether a commit sent now still lands before {@code deadline}. */
    boolean commitFits(Instant deadline) {
        return nowMillis() + COMMIT_MARGIN_MILLIS < deadline.toEpochMilli();
    }

    /** Interrupts {@code job} if it is still running at the commit deadline. */
    void watch(TaskId id, Instant deadline, Future<?> job) {
        long untilDeadline = deadline.toEpochMilli() - nowMillis() - COMMIT_MARGIN_MILLIS;
        timer.schedule(() -> {
            if (!job.isDone()) {
                LOG.info("task {}: the work did not finish before the commit deadline; cancelling it", id);
                cancelled.add(id);
                job.cancel(true);
            }
        }, Math.max(0, untilDeadline), TimeUnit.MILLISECONDS);
    }

    /** Whether the watchdog interrupted the work on {@code id} (a failure of its own making, not the work's). */
    boolean interrupted(TaskId id) {
        return cancelled.contains(id);
    }

    /** Like {@link #interrupted}, and forgets it. */
    boolean takeInterrupted(TaskId id) {
        return cancelled.remove(id);
    }
}
