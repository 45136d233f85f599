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
                          List<String> answers, Instant commitDeadline, int maxAnswerBytes, List<String> miners,
                          List<int[]> answerTokens) {
    /** Without the miners and the revealed token ids (a miner's work needs neither). */
    public TaskContext(TaskId taskId, String prompt, String modelFamily, byte[] evaluatorId, int maxTokens,
                       List<String> answers, Instant commitDeadline, int maxAnswerBytes) {
        this(taskId, prompt, modelFamily, evaluatorId, maxTokens, answers, commitDeadline, maxAnswerBytes, List.of(),
                answers.stream().map(a -> new int[0]).toList());
    }

    /** The token ids miner i revealed with its answer (empty: none given). */
    public int[] tokensOf(int i) {
        return i < answerTokens.size() && answerTokens.get(i) != null ? answerTokens.get(i) : new int[0];
    }

    /** Without deadline or byte limit (tests of the work alone). */
    public TaskContext(TaskId taskId, String prompt, String modelFamily, byte[] evaluatorId, int maxTokens,
                       List<String> answers) {
        this(taskId, prompt, modelFamily, evaluatorId, maxTokens, answers, Instant.MAX, Integer.MAX_VALUE);
    }
}
