package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.NodeRole;
import org.poq.network.events.PenaltyReason;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationState;

/** Issue 26: stdout said only "miner task #N: failed"; the slash, its amount and its reason were not shown. */
class ParticipationLinesTest {
    private static Participation record(ParticipationState state, String note, BigInteger reward, BigInteger slashed, String reason) {
        return new Participation("0xabc", new TaskId(BigInteger.valueOf(12)), NodeRole.MINER, state, null, null, note,
                reward, slashed, reason, null, 0);
    }

    @Test
    void aSlashIsPrintedWithItsAmountAndItsReasonInWords() {
        String absent = PenaltyReason.ABSENT.description();
        String line = ParticipationLines.line("miner", record(ParticipationState.FAILED,
                "work failed: the inference worker died during the generation", BigInteger.ZERO,
                TokenAmount.ofTokens(20).wei(), absent));
        assertThat(line).isEqualTo("miner task #12: failed (work failed: the inference worker died during the generation), "
                + "slashed 20 POQ: " + absent);
    }

    @Test
    void aDeclinedTaskSaysWhyAndARewardIsShown() {
        assertThat(ParticipationLines.line("miner", record(ParticipationState.FAILED,
                "declined: the prompt leaves no room for an answer in this node's context (the prompt is 1003 tokens, "
                        + "the context 512)", BigInteger.ZERO, BigInteger.ZERO, null)))
                .isEqualTo("miner task #12: failed (declined: the prompt leaves no room for an answer in this node's "
                        + "context (the prompt is 1003 tokens, the context 512))");
        assertThat(ParticipationLines.line("validator", record(ParticipationState.FINISHED, null,
                TokenAmount.ofTokens(3).wei(), BigInteger.ZERO, null))).isEqualTo("validator task #12: finished, reward 3 POQ");
    }
}
