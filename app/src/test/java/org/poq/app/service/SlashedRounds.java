package org.poq.app.service;

import java.math.BigInteger;
import java.time.Duration;
import org.poq.core.TaskId;
import org.poq.core.testing.Await;
import org.poq.network.events.TaskEvent;
import org.poq.network.node.MinerWork;
import org.poq.network.testing.ProtocolFixture;

/** Rounds on anvil in which a node loses stake the way an operator would: it misses its deadline. */
public final class SlashedRounds {
    /** A miner whose generation outlives any answer window: its node cancels it at the deadline and commits nothing. */
    public static final MinerWork MISSES_THE_DEADLINE = ctx -> {
        Thread.sleep(600_000);
        return "too late";
    };

    private SlashedRounds() {
    }

    /** Takes the task through its phases as any caller of advance() would, once each window has passed. */
    public static void finalize(ProtocolFixture f, TaskId id) {
        Await.until("task " + id + " is finalized", Duration.ofMinutes(3), () -> {
            if (f.network().task(id).isFinalized()) {
                return true;
            }
            try {
                f.requester().advance(id);
            } catch (RuntimeException notYet) {
                // the phase's window is still open: try again on the next poll
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
    }

    /** What the market's Penalized events took from {@code node} for the task: the chain's own record. */
    public static BigInteger slashedOnChain(ProtocolFixture f, TaskId id, String node) {
        return f.network().events(f.network().task(id).submitBlock(), f.network().blockNumber()).stream()
                .filter(e -> e instanceof TaskEvent.Penalized p && p.taskId().equals(id) && p.node().equalsIgnoreCase(node))
                .map(e -> ((TaskEvent.Penalized) e).slashed().wei()).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** What the market's Rewarded events paid {@code node} for the task. */
    public static BigInteger rewardedOnChain(ProtocolFixture f, TaskId id, String node) {
        return f.network().events(f.network().task(id).submitBlock(), f.network().blockNumber()).stream()
                .filter(e -> e instanceof TaskEvent.Rewarded r && r.taskId().equals(id) && r.node().equalsIgnoreCase(node))
                .map(e -> ((TaskEvent.Rewarded) e).amount().wei()).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
