package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.events.TaskEvent;
import org.poq.network.events.TaskEvent.LogPosition;

/** The Validator screen's agreement divides as the contract does: by the revealed answers only. */
class ValidatorAgreementTest {
    static final TaskId ID = new TaskId(BigInteger.ONE);
    static final String V1 = "0x00000000000000000000000000000000000000a1";
    static final String V2 = "0x00000000000000000000000000000000000000a2";
    static final List<String> MINERS = List.of("0x00000000000000000000000000000000000000b1",
            "0x00000000000000000000000000000000000000b2", "0x00000000000000000000000000000000000000b3");

    static LogPosition at(int i) {
        return new LogPosition(10, i, "0x" + i);
    }

    /** k = 3, the middle miner absent; V1 is 0.1 off the consensus on both revealed answers. */
    static TaskView roundWithAnAbsentMiner() {
        return TaskTracker.replay(ID, List.of(
                new TaskEvent.Submitted(ID, at(0), "0xrequester", "family", new byte[32], 3, 2, 64, TokenAmount.ofTokens(10),
                        "prompt", MINERS, List.of(V1, V2), Instant.ofEpochSecond(1_000)),
                new TaskEvent.AnswerRevealed(ID, at(1), MINERS.get(0), 0, "first"),
                new TaskEvent.AnswerRevealed(ID, at(2), MINERS.get(2), 2, "third"),
                new TaskEvent.ScoresRevealed(ID, at(3), V1, List.of(8000, 0, 8000)),
                new TaskEvent.ScoresRevealed(ID, at(4), V2, List.of(9000, 0, 9000)),
                new TaskEvent.Finalized(ID, at(5), List.of(9000, 0, 9000), 0, TokenAmount.ofTokens(5),
                        TokenAmount.ofTokens(2), TokenAmount.ofTokens(3))));
    }

    @Test
    void attackAnAbsentMinersEmptySlotDoesNotDiluteADeviation() {
        TaskView v = roundWithAnAbsentMiner();
        // dividing by all k answers (the old chart) read 1 - 0.2/3 = 0.933: a deviating validator looked closer than paid
        assertThat(ValidatorAgreement.of(v, V1)).hasValueCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ValidatorAgreement.of(v, V2.toUpperCase().replace("0X", "0x"))).hasValueCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ValidatorAgreement.of(v, "0x00000000000000000000000000000000000000ff")).as("not a validator of it").isEmpty();
    }
}
