package org.poq.network.events;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.contracts.TaskMarket;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/** Turns a raw log of the task market into a typed {@link TaskEvent}, through the generated wrapper's decoders. */
public final class TaskEventDecoder {
    private static final Map<String, Function<Log, TaskEvent>> DECODERS = Map.ofEntries(
            Map.entry(EventEncoder.encode(TaskMarket.TASKDRAWN_EVENT), TaskEventDecoder::drawn),
            Map.entry(EventEncoder.encode(TaskMarket.TASKEXPIRED_EVENT), TaskEventDecoder::expired),
            Map.entry(EventEncoder.encode(TaskMarket.TASKSUBMITTED_EVENT), TaskEventDecoder::submitted),
            Map.entry(EventEncoder.encode(TaskMarket.PHASECHANGED_EVENT), TaskEventDecoder::phaseChanged),
            Map.entry(EventEncoder.encode(TaskMarket.ANSWERCOMMITTED_EVENT), TaskEventDecoder::answerCommitted),
            Map.entry(EventEncoder.encode(TaskMarket.ANSWERREVEALED_EVENT), TaskEventDecoder::answerRevealed),
            Map.entry(EventEncoder.encode(TaskMarket.SCORESCOMMITTED_EVENT), TaskEventDecoder::scoresCommitted),
            Map.entry(EventEncoder.encode(TaskMarket.SCORESREVEALED_EVENT), TaskEventDecoder::scoresRevealed),
            Map.entry(EventEncoder.encode(TaskMarket.REWARDED_EVENT), TaskEventDecoder::rewarded),
            Map.entry(EventEncoder.encode(TaskMarket.PENALIZED_EVENT), TaskEventDecoder::penalized),
            Map.entry(EventEncoder.encode(TaskMarket.FINALIZED_EVENT), TaskEventDecoder::finalized));

    private TaskEventDecoder() {
    }

    /** The event, or empty for logs of other kinds (role changes and the like). */
    public static Optional<TaskEvent> decode(Log log) {
        if (log.getTopics() == null || log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        Function<Log, TaskEvent> decoder = DECODERS.get(log.getTopics().get(0));
        return decoder == null ? Optional.empty() : Optional.of(decoder.apply(log));
    }

    static TaskEvent.LogPosition position(Log log) {
        return new TaskEvent.LogPosition(log.getBlockNumber().longValue(), log.getLogIndex().longValue(),
                log.getTransactionHash());
    }

    private static TaskId id(BigInteger v) {
        return new TaskId(v);
    }

    private static TokenAmount poq(BigInteger wei) {
        return TokenAmount.ofWei(wei);
    }

    private static Instant at(BigInteger seconds) {
        return Instant.ofEpochSecond(seconds.longValue());
    }

    private static List<Integer> ints(List<BigInteger> xs) {
        return xs.stream().map(BigInteger::intValue).toList();
    }

    private static TaskEvent submitted(Log log) {
        var e = TaskMarket.getTaskSubmittedEventFromLog(log);
        return new TaskEvent.Submitted(id(e.taskId), position(log), e.requester, e.modelFamily, e.evaluatorId,
                e.k.intValue(), e.m.intValue(), e.maxTokens.intValue(), poq(e.fee), e.prompt,
                List.of(), List.of(), Instant.EPOCH);
    }

    private static TaskEvent drawn(Log log) {
        var e = TaskMarket.getTaskDrawnEventFromLog(log);
        return new TaskEvent.Drawn(id(e.taskId), position(log), List.copyOf(e.miners), List.copyOf(e.validators),
                at(e.deadline), e.seed);
    }

    private static TaskEvent expired(Log log) {
        var e = TaskMarket.getTaskExpiredEventFromLog(log);
        return new TaskEvent.Expired(id(e.taskId), position(log), poq(e.forfeited));
    }

    private static TaskEvent phaseChanged(Log log) {
        var e = TaskMarket.getPhaseChangedEventFromLog(log);
        return new TaskEvent.PhaseChanged(id(e.taskId), position(log), TaskPhase.of(e.phase.intValue()), at(e.deadline));
    }

    private static TaskEvent answerCommitted(Log log) {
        var e = TaskMarket.getAnswerCommittedEventFromLog(log);
        return new TaskEvent.AnswerCommitted(id(e.taskId), position(log), e.miner);
    }

    private static TaskEvent answerRevealed(Log log) {
        var e = TaskMarket.getAnswerRevealedEventFromLog(log);
        return new TaskEvent.AnswerRevealed(id(e.taskId), position(log), e.miner, e.index.intValue(), e.answer,
                tokensOf(e.tokens));
    }

    private static TaskEvent scoresCommitted(Log log) {
        var e = TaskMarket.getScoresCommittedEventFromLog(log);
        return new TaskEvent.ScoresCommitted(id(e.taskId), position(log), e.validator);
    }

    private static TaskEvent scoresRevealed(Log log) {
        var e = TaskMarket.getScoresRevealedEventFromLog(log);
        return new TaskEvent.ScoresRevealed(id(e.taskId), position(log), e.validator, ints(e.scores),
                ints(e.audits).stream().map(Audit::decode).toList());
    }

    /** A reveal's token list; one that does not decode is shown as none (the auditors replay the text then). */
    private static int[] tokensOf(byte[] bytes) {
        try {
            return AnswerTokens.decode(bytes == null ? new byte[0] : bytes);
        } catch (IllegalArgumentException e) {
            return new int[0];
        }
    }

    private static TaskEvent rewarded(Log log) {
        var e = TaskMarket.getRewardedEventFromLog(log);
        return new TaskEvent.Rewarded(id(e.taskId), position(log), e.node, poq(e.amount));
    }

    private static TaskEvent penalized(Log log) {
        var e = TaskMarket.getPenalizedEventFromLog(log);
        return new TaskEvent.Penalized(id(e.taskId), position(log), e.node, PenaltyReason.of(e.reason.intValue()), poq(e.slashed));
    }

    private static TaskEvent finalized(Log log) {
        var e = TaskMarket.getFinalizedEventFromLog(log);
        return new TaskEvent.Finalized(id(e.taskId), position(log), ints(e.consensus), e.best.intValue(),
                poq(e.minerRewards), poq(e.validatorRewards), poq(e.refund));
    }
}
