package org.poq.network.events;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;

/** What the task market says happened, decoded from its event logs; ordered by (block, log index). */
public sealed interface TaskEvent {
    TaskId taskId();

    /** Where the event sits on chain: a node resumes its scan after the last position it handled. */
    LogPosition position();

    record LogPosition(long block, long logIndex, String txHash) implements Comparable<LogPosition> {
        @Override
        public int compareTo(LogPosition o) {
            int c = Long.compare(block, o.block);
            return c != 0 ? c : Long.compare(logIndex, o.logIndex);
        }
    }

    /** A task was submitted; in protocol v2 its miners and validators are empty here and come with {@link Drawn}. */
    record Submitted(TaskId taskId, LogPosition position, String requester, String modelFamily, byte[] evaluatorId,
                     int k, int m, int maxTokens, TokenAmount fee, String prompt, List<String> miners,
                     List<String> validators, Instant deadline) implements TaskEvent {
    }

    /**
     * The participants of a task, drawn after the submit (protocol v2) from the hash of its target block;
     * {@link Submitted} carries the prompt and no participants.
     */
    record Drawn(TaskId taskId, LogPosition position, List<String> miners, List<String> validators, Instant deadline,
                 byte[] seed) implements TaskEvent {
    }

    /** Nobody drew the task in its draw window: the fee was burned (protocol v3 has no treasury). */
    record Expired(TaskId taskId, LogPosition position, TokenAmount forfeited) implements TaskEvent {
    }

    record PhaseChanged(TaskId taskId, LogPosition position, TaskPhase phase, Instant deadline) implements TaskEvent {
    }

    record AnswerCommitted(TaskId taskId, LogPosition position, String miner) implements TaskEvent {
    }

    /** @param tokens the token ids the miner drew, as its reveal carries them (empty: not given) */
    record AnswerRevealed(TaskId taskId, LogPosition position, String miner, int index, String answer, int[] tokens)
            implements TaskEvent {
        public AnswerRevealed(TaskId taskId, LogPosition position, String miner, int index, String answer) {
            this(taskId, position, miner, index, answer, new int[0]);
        }
    }

    record ScoresCommitted(TaskId taskId, LogPosition position, String validator) implements TaskEvent {
    }

    /** @param audits one per selected miner, revealed with the scores (all abstentions when none were given) */
    record ScoresRevealed(TaskId taskId, LogPosition position, String validator, List<Integer> scores,
                          List<Audit> audits) implements TaskEvent {
        public ScoresRevealed(TaskId taskId, LogPosition position, String validator, List<Integer> scores) {
            this(taskId, position, validator, scores, scores.stream().map(s -> Audit.ABSTAIN).toList());
        }
    }

    record Rewarded(TaskId taskId, LogPosition position, String node, TokenAmount amount) implements TaskEvent {
    }

    record Penalized(TaskId taskId, LogPosition position, String node, PenaltyReason reason, TokenAmount slashed)
            implements TaskEvent {
    }

    record Finalized(TaskId taskId, LogPosition position, List<Integer> consensus, int bestIndex,
                     TokenAmount minerRewards, TokenAmount validatorRewards, TokenAmount refund) implements TaskEvent {
        public boolean hasBest() {
            return bestIndex >= 0;
        }
    }

    static TaskId id(BigInteger v) {
        return new TaskId(v);
    }
}
