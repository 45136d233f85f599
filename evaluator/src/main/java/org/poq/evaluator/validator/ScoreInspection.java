package org.poq.evaluator.validator;

import java.util.List;
import java.util.Map;
import org.poq.core.TaskId;

/**
 * What the inspection view shows for one scored task: every validator's scores against the consensus,
 * and this node's mean absolute deviation from it (over the answers that were revealed).
 */
public record ScoreInspection(TaskId taskId, List<String> answers, List<Integer> consensus,
                              Map<String, List<Integer>> scoresByValidator, Double ownDeviation) {
}
