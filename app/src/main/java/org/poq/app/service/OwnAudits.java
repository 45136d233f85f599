package org.poq.app.service;

import java.util.ArrayList;
import java.util.List;
import org.poq.core.TaskId;
import org.poq.network.AnswerAudit;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskView;

/**
 * The audits by replay of a miner's own answers (docs/decisions/0043), read as {@code poq task} reads a
 * task: the market's events replayed into a {@link TaskView}, each answer's {@link AnswerAudit} worded
 * the same way. The Miner screen lists them, so a miner sees its verdicts and mismatch counts per task.
 */
public final class OwnAudits {
    /** The audit of the miner's answer in one task. */
    public record Line(TaskId task, int answer, AnswerAudit audit) {
        /** "task 7: audit: PASS, the model the task names draws this answer ...", as `poq task` words it. */
        public String describe() {
            return "task " + task + ": " + audit.describe();
        }
    }

    private OwnAudits() {
    }

    /** The miner's answers of the finished tasks given (oldest first), newest first; one log query for all. */
    public static List<Line> of(PoqNetwork network, String miner, List<TaskId> oldestFirst) {
        List<Line> out = new ArrayList<>();
        for (TaskView v : ValidatorAgreement.finished(network, oldestFirst)) {
            for (TaskView.Answer a : v.answers()) {
                if (a.miner() != null && a.miner().equalsIgnoreCase(miner)) {
                    out.add(0, new Line(v.id(), a.index(), a.audit()));
                }
            }
        }
        return out;
    }
}
