package org.poq.network;

import org.poq.network.events.TaskPhase;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;

/** The one progress count every face words: who acts in the phase, what they did, of how many. */
class PhaseProgressTest {
    private static TaskView view(TaskPhase phase, int committed, int revealed, int scoresCommitted, int scoresRevealed) {
        List<String> miners = List.of("0xm1", "0xm2", "0xm3");
        List<String> validators = List.of("0xv1", "0xv2", "0xv3", "0xv4", "0xv5");
        List<TaskView.Answer> answers = new ArrayList<>();
        for (int i = 0; i < committed; i++) {
            answers.add(new TaskView.Answer(i, miners.get(i), i < revealed ? "answer " + i : null, Map.of(), null, TokenAmount.ZERO));
        }
        return new TaskView(new TaskId(BigInteger.ONE), "p", phase, Instant.EPOCH, miners, validators, answers, Map.of(),
                Map.of(), TokenAmount.ofTokens(1), TokenAmount.ZERO, committed, scoresCommitted, scoresRevealed, Map.of(), 0, 2, null);
    }

    @Test
    void eachPhaseCountsWhoActsInIt() {
        PhaseProgress commit = view(TaskPhase.ANSWER_COMMIT, 2, 0, 0, 0).progress();
        assertThat(commit.words()).isEqualTo("answers committed 2/3");
        assertThat(commit.keyValue()).isEqualTo("answers_committed=2/3");
        assertThat(commit.missing()).isEqualTo("1 miner(s)");

        PhaseProgress reveal = view(TaskPhase.ANSWER_REVEAL, 3, 1, 0, 0).progress();
        assertThat(reveal.words()).isEqualTo("answers revealed 1/3");
        assertThat(reveal.missing()).isEqualTo("2 miner(s)");

        assertThat(view(TaskPhase.SCORE_COMMIT, 3, 3, 4, 0).progress().missing()).isEqualTo("1 validator(s)");
        assertThat(view(TaskPhase.SCORE_REVEAL, 3, 3, 4, 1).progress().words()).isEqualTo("scores revealed 1/4");
    }

    @Test
    void phasesNobodyActsInHaveNoCount() {
        PhaseProgress done = view(TaskPhase.FINALIZED, 3, 3, 5, 5).progress();
        assertThat(done.counted()).isFalse();
        assertThat(done.words()).isEmpty();
        assertThat(done.keyValue()).isEmpty();
        assertThat(done.missing()).isEqualTo("some nodes");
    }
}
