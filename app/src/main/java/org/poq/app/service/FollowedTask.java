package org.poq.app.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.poq.core.TaskId;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.events.TaskEvent;
import org.web3j.crypto.Credentials;

/**
 * One task being followed: the {@link TaskTracker} folds its events into snapshots for the
 * listeners, and a timer moves the task on: it draws the task as soon as its target block exists
 * (making that block appear on a chain that mines only on demand), so that no task waits for a
 * stranger's transaction until its fee expires, and it advances the task once a deadline has passed
 * and nobody else did (a round with an absent node would otherwise wait for a stranger to call
 * {@code advance}). The one place where `poq ask`, `poq task --follow`, the Ask screen and the
 * endpoint draw and advance. Close it to stop following; the task itself goes on, on chain.
 */
public final class FollowedTask implements AutoCloseable {
    /** How often the deadline is checked; advancing a second late costs nothing. */
    static final long TICK_MILLIS = 500;

    private final PoqNetwork network;
    private final TaskId id;
    private final PoqSession advancer;
    private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final Object finished = new Object();
    private volatile TaskTracker tracker;
    private volatile Instant lastAdvancedDeadline;
    private volatile String lastDrawProblem;

    private FollowedTask(PoqNetwork network, TaskId id, Credentials advancer, ScheduledExecutorService timer) {
        this.network = network;
        this.id = id;
        this.advancer = advancer == null ? null : network.session(advancer);
        this.timer = timer;
    }

    static FollowedTask start(PoqNetwork network, TaskId id, long fromBlock, Credentials advancer, TaskListener listener,
                              ScheduledExecutorService timer) {
        FollowedTask t = new FollowedTask(network, id, advancer, timer);
        t.listeners.add(listener);
        t.tracker = TaskTracker.follow(network, id, fromBlock, t::publish,
                e -> t.listeners.forEach(l -> l.problem("Lost the task's events for a moment: " + Problems.describe(e))));
        if (t.advancer != null) {
            // the first step at once: v3 draws a task only within two epochs of blocks after its target
            timer.scheduleWithFixedDelay(t::advanceIfDue, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return t;
    }

    public TaskId id() {
        return id;
    }

    /** The newest snapshot, or null before the first event was read. */
    public TaskView latest() {
        return tracker.latest();
    }

    /** The task's events read so far (each with its transaction's hash), without another log query. */
    public List<TaskEvent> events() {
        return tracker.events();
    }

    public void addListener(TaskListener l) {
        listeners.add(l);
    }

    private void publish(TaskView v) {
        listeners.forEach(l -> l.update(v));
        if (v.finalized()) {
            synchronized (finished) {
                finished.notifyAll();
            }
        }
    }

    /** Past the current phase's deadline, anyone may advance the task; the requester does. Before, it draws it. */
    void advanceIfDue() {
        TaskView v = tracker.latest();
        if (v == null || v.phase() == TaskPhase.DRAWING) {
            drawIfDue();
            return;
        }
        if (v.finalized() || v.deadline() == null || v.deadline().getEpochSecond() == 0
                || v.deadline().equals(lastAdvancedDeadline)) {
            return;
        }
        if (!RequesterSession.now(network).isAfter(v.deadline())) {
            return;
        }
        try {
            advancer.advance(id);
            lastAdvancedDeadline = v.deadline();
            listeners.forEach(l -> l.advanced(v));
        } catch (RuntimeException e) {
            // someone else advanced it first, or the chain's clock is a moment behind: the next tick retries
        }
    }

    /** One step toward the draw; a failure is told once per kind of message, the next tick tries again. */
    private void drawIfDue() {
        try {
            advancer.drawStep(id);
            lastDrawProblem = null;
        } catch (RuntimeException e) {
            String message = "Could not draw task " + id + " yet: " + Problems.describe(e) + "; trying again";
            if (!message.equals(lastDrawProblem)) {
                lastDrawProblem = message;
                listeners.forEach(l -> l.problem(message));
            }
        }
    }

    /** Waits until the task is finalized; null when {@code timeout} passed first. */
    public TaskView awaitFinalized(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (finished) {
            while (true) {
                TaskView v = tracker.latest();
                if (v != null && v.finalized()) {
                    return v;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                finished.wait(Math.min(left, 1_000));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        tracker.close();
    }
}
