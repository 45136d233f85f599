package org.poq.network.node;

import java.time.Instant;
import java.util.List;
import org.poq.core.TaskId;

/**
 * What a node needs to do its work on a task: the prompt and its bounds, and for a validator the
 * revealed answers in selection order (null where a miner revealed nothing). {@code commitDeadline} is
 * when the node's commit phase closes on chain: work still running then is cancelled (the worker
 * thread is interrupted) and never committed; {@code maxAnswerBytes} is the most an answer may hold
 * on chain (the protocol's byte limit and its bound per requested token): longer answers are cut.
 */
public record TaskContext(TaskId taskId, String prompt, String modelFamily, byte[] evaluatorId, int maxTokens,
                          List<String> answers, Instant commitDeadline, int maxAnswerBytes) {
    /** Without deadline or byte limit (tests of the work alone). */
    public TaskContext(TaskId taskId, String prompt, String modelFamily, byte[] evaluatorId, int maxTokens,
                       List<String> answers) {
        this(taskId, prompt, modelFamily, evaluatorId, maxTokens, answers, Instant.MAX, Integer.MAX_VALUE);
    }
}
