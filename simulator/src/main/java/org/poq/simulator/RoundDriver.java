package org.poq.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.poq.core.TaskId;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;

/**
 * Closes phases the way a live network closes them (the deadline passes, someone calls advance()) and
 * reads what a finalized task paid and took from its events. Shared by the grid's rounds and the attacks.
 */
final class RoundDriver {
    private RoundDriver() {
    }

    /** What one task paid and took per node (lower-case addresses), and what went back to its requester. */
    record Flows(Map<String, BigInteger> rewards, Map<String, BigInteger> slashes, BigInteger refund,
                 List<Integer> consensus) {
        BigInteger rewardOf(String node) {
            return rewards.getOrDefault(node.toLowerCase(), BigInteger.ZERO);
        }

        BigInteger slashOf(String node) {
            return slashes.getOrDefault(node.toLowerCase(), BigInteger.ZERO);
        }
    }

    /** When the task still sits in {@code phase} waiting for someone who will not act, ends the phase. */
    static void endIfStuck(PoqNetwork net, PoqSession caller, TaskId id, TaskPhase phase) {
        TaskState s = net.task(id);
        boolean stuck = switch (s.phase()) {
            case ANSWER_COMMIT -> s.answerCommits() < s.k();
            case ANSWER_REVEAL -> s.answerReveals() < s.answerCommits();
            case SCORE_COMMIT -> s.scoreCommits() < s.m();
            default -> false;
        };
        if (s.phase() == phase && stuck) passDeadlineAndAdvance(net, caller, id);
    }

    /** Lets every remaining deadline pass until the task is finalized. */
    static void finish(PoqNetwork net, PoqSession caller, TaskId id) {
        for (int guard = 0; guard < 5 && !net.task(id).isFinalized(); guard++) {
            passDeadlineAndAdvance(net, caller, id);
        }
    }

    static void passDeadlineAndAdvance(PoqNetwork net, PoqSession caller, TaskId id) {
        passDeadline(net);
        caller.advance(id);
    }

    /** Moves the chain's clock past the longest phase window and mines a block. */
    static void passDeadline(PoqNetwork net) {
        var p = net.descriptor().params();
        net.rpc("evm_increaseTime", BigInteger.valueOf(Math.max(p.commitWindowSeconds(), p.revealWindowSeconds()) + 1L));
        net.rpc("evm_mine");
    }

    /** The rewards, slashes and refund of a finalized task, from its events since block {@code from}. */
    static Flows flows(PoqNetwork net, TaskId id, long from) {
        Map<String, BigInteger> rewards = new HashMap<>();
        Map<String, BigInteger> slashes = new HashMap<>();
        List<Integer> consensus = new ArrayList<>();
        BigInteger refund = null;
        for (TaskEvent e : net.events(from, net.blockNumber())) {
            if (!e.taskId().equals(id)) continue;
            if (e instanceof TaskEvent.Rewarded r) rewards.merge(r.node().toLowerCase(), r.amount().wei(), BigInteger::add);
            if (e instanceof TaskEvent.Penalized p) slashes.merge(p.node().toLowerCase(), p.slashed().wei(), BigInteger::add);
            if (e instanceof TaskEvent.Finalized f) {
                consensus.addAll(f.consensus());
                refund = f.refund().wei();
            }
        }
        if (refund == null) throw new IllegalStateException("task " + id + " did not finalize");
        return new Flows(rewards, slashes, refund, consensus);
    }
}
