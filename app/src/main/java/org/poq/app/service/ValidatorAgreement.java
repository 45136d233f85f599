package org.poq.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.poq.core.TaskId;
import org.poq.network.AnswerAudit;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.events.TaskEvent;

/**
 * How closely a validator's scores followed the consensus, task by task, the way the contract judges
 * it: over the revealed answers only (an absent miner's empty slot is neither agreement nor
 * disagreement). Read from the market's events in one log query for any number of tasks.
 */
public final class ValidatorAgreement {
    private ValidatorAgreement() {
    }

    /** The finished tasks as snapshots, oldest first, from one query starting at the oldest one's block. */
    public static List<TaskView> finished(PoqNetwork network, List<TaskId> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            return List.of();
        }
        long from = network.task(oldestFirst.get(0)).submitBlock();
        List<TaskEvent> events = network.events(from, network.blockNumber());
        List<TaskView> out = new ArrayList<>();
        for (TaskId id : oldestFirst) {
            TaskView v = TaskTracker.replay(id, events.stream().filter(e -> e.taskId().equals(id)).toList());
            if (v != null && v.finalized()) {
                out.add(v);
            }
        }
        return out;
    }

    /** 1 minus the mean absolute deviation from consensus over the revealed answers, in 0..1; empty when none. */
    public static OptionalDouble of(TaskView v, String validator) {
        double sum = 0;
        int n = 0;
        for (TaskView.Answer a : v.answers()) {
            Optional<Integer> mine = score(a, validator);
            // a failed answer's published consensus is its pay (0), not the scores' median the contract judges by
            boolean failedAudit = a.audit().outcome() == AnswerAudit.Outcome.FAIL;
            if (a.revealed() && a.consensus() != null && mine.isPresent() && !failedAudit) {
                sum += Math.abs(mine.get() - a.consensus());
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(1.0 - sum / n / 10_000.0);
    }

    /** The validator's score of one answer, matched without regard to address case. */
    public static Optional<Integer> score(TaskView.Answer a, String validator) {
        for (Map.Entry<String, Integer> e : a.scoresByValidator().entrySet()) {
            if (e.getKey().equalsIgnoreCase(validator)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
