package org.poq.network.node;

import java.util.List;
import org.poq.core.TaskId;

/**
 * What a node needs to do its work on a task: the prompt and its bounds, and for a validator the
 * revealed answers in selection order (null where a miner revealed nothing).
 */
public record TaskContext(TaskId taskId, String prompt, String modelFamily, byte[] evaluatorId, int maxTokens,
                          List<String> answers) {
}
