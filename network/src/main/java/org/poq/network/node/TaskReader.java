package org.poq.network.node;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;

/** Reads what a node needs about one task from the market's events: what to work on, and how it ended. */
final class TaskReader {
    /** The market's bound on answer length per requested token (TaskMarket.MAX_BYTES_PER_TOKEN). */
    static final int MAX_BYTES_PER_TOKEN = 32;

    /** How a finished task ended for one node. */
    record Outcome(BigInteger reward, BigInteger slashed, String penaltyReason, Integer consensus) {
    }

    private final PoqNetwork network;

    TaskReader(PoqNetwork network) {
        this.network = network;
    }

    private List<TaskEvent> events(TaskState t) {
        // never below the submit block: a head read from a node that lags the one the task was read from
        // would otherwise skip the submission (the pager waits for a lagging node to reach the block)
        long to = Math.max(network.blockNumber(), t.submitBlock());
        return network.events(t.submitBlock(), to).stream().filter(e -> e.taskId().equals(t.id())).toList();
    }

    /** The prompt and the answers revealed so far. */
    TaskContext context(TaskState t) {
        List<TaskEvent> events = events(t);
        TaskEvent.Submitted submitted = events.stream().filter(e -> e instanceof TaskEvent.Submitted)
                .map(e -> (TaskEvent.Submitted) e).findFirst()
                .orElseThrow(() -> new NodeUnreachableException("the node's logs do not show the submission of task "
                        + t.id() + " yet", null));
        List<String> answers = new ArrayList<>(Collections.nCopies(t.k(), (String) null));
        List<int[]> tokens = new ArrayList<>(Collections.nCopies(t.k(), new int[0]));
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.AnswerRevealed a) {
                answers.set(a.index(), a.answer());
                tokens.set(a.index(), a.tokens());
            }
        }
        return new TaskContext(t.id(), submitted.prompt(), submitted.modelFamily(), submitted.evaluatorId(),
                submitted.maxTokens(), answers, t.deadline(), maxAnswerBytes(t), t.miners(), tokens);
    }

    /** The most bytes an answer may hold on chain: the protocol's limit and 32 bytes per requested token. */
    private int maxAnswerBytes(TaskState t) {
        long byTokens = (long) t.maxTokens() * MAX_BYTES_PER_TOKEN;
        var params = network.descriptor().params();
        return (int) Math.min(byTokens, params == null ? Integer.MAX_VALUE : params.maxAnswerBytes());
    }

    /** What the finished task paid {@code me} or took from it, read from the market's events for it. */
    Outcome outcome(TaskState t, String me, Role role) {
        BigInteger reward = BigInteger.ZERO;
        BigInteger slashed = BigInteger.ZERO;
        String reason = null;
        Integer consensus = null;
        for (TaskEvent e : events(t)) {
            if (e instanceof TaskEvent.Rewarded r && r.node().equalsIgnoreCase(me)) {
                reward = reward.add(r.amount().wei());
            } else if (e instanceof TaskEvent.Penalized p && p.node().equalsIgnoreCase(me)) {
                slashed = slashed.add(p.slashed().wei());
                reason = p.reason().description();
            } else if (e instanceof TaskEvent.Finalized f) {
                consensus = role.consensus(f, indexOf(role.selected(t), me));
            }
        }
        return new Outcome(reward, slashed, reason, consensus);
    }

    private static int indexOf(List<String> addresses, String me) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).equalsIgnoreCase(me)) {
                return i;
            }
        }
        return -1;
    }
}
