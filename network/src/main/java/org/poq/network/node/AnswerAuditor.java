package org.poq.network.node;

import java.util.List;
import org.poq.network.events.Audit;

/**
 * A validator's audit by replay (docs/decisions/0043): one {@link Audit} per selected miner of the task,
 * {@link Audit#ABSTAIN} where no answer was revealed or where this node does not hold the task's model.
 * Runs in the work's thread, so the commit deadline's interrupt cancels it like the scoring.
 */
@FunctionalInterface
public interface AnswerAuditor {
    /** The auditor of a node that holds no model: it abstains from every audit. */
    AnswerAuditor NONE = task -> task.answers().stream().map(a -> Audit.ABSTAIN).toList();

    List<Audit> audit(TaskContext task) throws Exception;
}
