package org.poq.network.node;

import java.math.BigInteger;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.poq.core.TaskId;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's work on a task it was drawn for, once at a time per task, and writes the result to
 * the journal before anything is committed. Work that cannot pay or cannot be committed in time is
 * never started; work still running at the commit deadline is interrupted by the watchdog.
 */
final class WorkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkRunner.class);

    private final PoqNetwork network;
    private final String me;
    private final Role role;
    private final NodeRecords records;
    private final NodeThreads threads;
    private final DeadlineWatchdog deadlines;
    private final TaskReader reader;
    private final Consumer<String> checkpoint;
    private final Consumer<TaskId> prepared;
    private final Consumer<TaskId> declineOnChain;
    private final Set<TaskId> working = ConcurrentHashMap.newKeySet();
    private final Set<TaskId> declined = ConcurrentHashMap.newKeySet();
    /** The network the node is on ({@link NetworkGuard#epoch()}): work started on another is never recorded. */
    private final LongSupplier epoch;

    WorkRunner(PoqNetwork network, String me, Role role, NodeRecords records, NodeThreads threads,
               Consumer<String> checkpoint, Consumer<TaskId> prepared, Consumer<TaskId> declineOnChain, LongSupplier epoch) {
        this.epoch = epoch;
        this.network = network;
        this.me = me;
        this.role = role;
        this.records = records;
        this.threads = threads;
        this.deadlines = new DeadlineWatchdog(new ChainClock(network), threads.timer());
        this.reader = new TaskReader(network);
        this.checkpoint = checkpoint;
        this.prepared = prepared;
        this.declineOnChain = declineOnChain;
    }

    boolean working(TaskId id) {
        return working.contains(id);
    }

    DeadlineWatchdog deadlines() {
        return deadlines;
    }

    /**
     * Starts the work unless it cannot pay or cannot be committed in time: a task that offers less per
     * participant than the price this node declared in the registry is declined (the market does not
     * penalize that), and a task whose commit deadline has passed (a restart after the window closed)
     * is not worked on at all.
     */
    void start(TaskState t) {
        if (declined.contains(t.id()) || !working.add(t.id())) {
            return;
        }
        BigInteger offer = t.fee().wei().divide(BigInteger.valueOf((long) t.k() + t.m()));
        BigInteger price = network.minPrice(me).wei();
        String refusal = offer.compareTo(price) < 0
                ? "declined task " + t.id() + ": it pays " + offer + " wei per participant, below this node's price of " + price + " wei"
                : !deadlines.commitFits(t.deadline())
                ? "task " + t.id() + ": its commit deadline has passed; not starting work that could not be committed" : null;
        if (refusal != null) {
            working.remove(t.id());
            declined.add(t.id());
            LOG.info(refusal);
            return;
        }
        long startedOn = epoch.getAsLong();
        Future<?> job = threads.work(() -> work(t, startedOn));
        if (!threads.closed()) {
            deadlines.watch(t.id(), t.deadline(), job);
        }
    }

    private Void work(TaskState t, long startedOn) {
        try {
            checkpoint.accept("before-reading-the-task");
            TaskContext ctx = reader.context(t);
            Payload payload = role.work(ctx);
            if (startedOn != epoch.getAsLong()) {
                LOG.info("task {}: the work was for a chain that was reset or redeployed since; dropped, not recorded", t.id());
                return null;
            }
            if (threads.closed() || !role.stillCurrent(network, ctx)) {
                return null; // the resync starts the work again on the chain as it is now
            }
            if (!deadlines.commitFits(t.deadline())) {
                records.fail(t.id(), "the work outlived the commit deadline; not committed");
                return null;
            }
            records.prepare(t.id(), payload);
            checkpoint.accept("after-prepare");
            prepared.accept(t.id());
        } catch (Exception e) {
            if (startedOn == epoch.getAsLong()) {
                failed(t, e);
            }
        } finally {
            working.remove(t.id());
        }
        return null;
    }

    /** After a change of network: a task number of the new chain is a new task, even one declined on the old. */
    void forgetDeclined() {
        declined.clear();
    }

    private void failed(TaskState t, Exception e) {
        if (threads.closed()) {
            return;
        }
        if (e instanceof TaskDeclinedException) {
            declined.add(t.id());
            LOG.info("declined task {}: {}", t.id(), e.getMessage());
            records.fail(t.id(), "declined: " + e.getMessage());
            // protocol v3 (decision 0024): a task whose prompt was declared below one token per byte may be
            // declined on chain, with no pay and no penalty; the market refuses it for any other task
            try {
                declineOnChain.accept(t.id());
                LOG.info("task {}: declined on chain, no penalty", t.id());
            } catch (RuntimeException refused) {
                LOG.info("task {}: the market did not take the decline ({})", t.id(), refused.getMessage());
            }
            return;
        }
        if (e instanceof NodeUnreachableException && !deadlines.interrupted(t.id())) {
            // the chain could not be read for a while (an outage, a lagging backend): the work is not
            // lost; the node's resync starts it again, and start checks the deadline first
            LOG.warn("task {}: {}; trying again", t.id(), e.getMessage());
            return;
        }
        boolean late = deadlines.takeInterrupted(t.id()) || !deadlines.commitFits(t.deadline());
        records.fail(t.id(), late ? "cancelled at the commit deadline; not committed" : "work failed: " + e.getMessage());
        if (!late) {
            threads.report(e);
        }
    }
}
