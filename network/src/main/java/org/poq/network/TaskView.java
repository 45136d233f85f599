package org.poq.network;

import org.poq.network.events.PenaltyReason;
import org.poq.network.events.TaskPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;

/**
 * A task as a requester watches it: the phase and its deadline, the answers as they are revealed,
 * every validator's scores and the consensus, and where the fee went. {@code unconfirmed} counts the
 * events shown that do not have the network's confirmations yet (a reorganisation may still drop
 * them): the window marks the view as awaiting confirmations while it is above zero. {@code targetBlock}
 * is the block whose hash draws the participants (0 before the submission is read); {@code forfeited} is
 * the fee an expired task lost (null unless it expired). Immutable snapshot.
 */
public record TaskView(TaskId id, String prompt, TaskPhase phase, Instant deadline, List<String> miners,
                       List<String> validators, List<Answer> answers, Map<String, TokenAmount> rewards,
                       Map<String, PenaltyReason> penalties, TokenAmount fee, TokenAmount refund, int answersCommitted,
                       int scoresCommitted, int scoresRevealed, Map<String, TokenAmount> slashed, int unconfirmed,
                       long targetBlock, TokenAmount forfeited) {

    /** What became of the fee of an expired task: protocol v3 has no treasury, the market burns it (TaskExpired). */
    public static final String EXPIRED_FEE_GOES_TO = "was burned";

    /** Whether nobody drew the task while its target block's hash was in reach: it ended without a round. */
    public boolean expired() {
        return forfeited != null;
    }

    /** One miner's answer (null text until revealed) with the scores given to it and its audit by replay. */
    public record Answer(int index, String miner, String text, Map<String, Integer> scoresByValidator, Integer consensus,
                         TokenAmount reward, AnswerAudit audit) {
        public Answer(int index, String miner, String text, Map<String, Integer> scoresByValidator, Integer consensus,
                      TokenAmount reward) {
            this(index, miner, text, scoresByValidator, consensus, reward, new AnswerAudit(0, 0, Map.of(), false));
        }

        public boolean revealed() {
            return text != null;
        }
    }

    /** What the nodes among {@code nodes} earned together in this task. */
    public TokenAmount rewardsOf(List<String> nodes) {
        return rewards.entrySet().stream().filter(e -> nodes.stream().anyMatch(e.getKey()::equalsIgnoreCase))
                .map(Map.Entry::getValue).reduce(TokenAmount.ZERO, TokenAmount::plus);
    }

    /** Finalized with enough confirmations: the result can no longer be dropped by a short reorganisation. */
    public boolean finalized() {
        return phase == TaskPhase.FINALIZED && unconfirmed == 0;
    }

    /** Whether some events shown may still be dropped by a reorganisation. */
    public boolean awaitingConfirmations() {
        return unconfirmed > 0;
    }

    /** How far the current phase has got (committed or revealed, of how many): every face's progress line words this. */
    public PhaseProgress progress() {
        return PhaseProgress.of(this);
    }

    /** Revealed answers, best consensus first (unscored ones last, in reveal order). */
    public List<Answer> ranked() {
        List<Answer> out = new ArrayList<>(answers.stream().filter(Answer::revealed).toList());
        out.sort(Comparator.comparing((Answer a) -> a.consensus() == null ? -1 : a.consensus()).reversed());
        return out;
    }
}
