package org.poq.network;

import org.poq.network.events.TaskPhase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** One whole round with k=3 miners and m=5 validators on a real anvil node, step by step. */
class FullRoundTest {
    static ProtocolFixture f;

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(4, 7);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void fullRoundFromSubmitToFinalizedRewards() {
        TokenAmount fee = TokenAmount.ofTokens(100);
        TokenAmount requesterBefore = f.network().poqBalance(f.requester().address());
        long from = f.network().blockNumber() + 1;

        TaskId id = f.requester().submitTask(f.request(3, 5, fee));
        TaskState t = f.network().task(id);
        assertThat(t.phase()).isEqualTo(TaskPhase.ANSWER_COMMIT);
        assertThat(t.miners()).hasSize(3).doesNotHaveDuplicates();
        assertThat(t.validators()).hasSize(5).doesNotHaveDuplicates();
        assertThat(f.network().poqBalance(f.network().descriptor().contracts().market())).isEqualTo(fee);

        List<String> answers = List.of("Paris is the capital of France.", "The capital of France is Paris.", "Paris.");
        for (int i = 0; i < 3; i++) {
            f.commitAnswer(id, t.miners().get(i), answers.get(i));
        }
        assertThat(f.network().task(id).phase()).as("fast path: all committed -> reveal opens").isEqualTo(TaskPhase.ANSWER_REVEAL);
        for (int i = 0; i < 3; i++) {
            f.revealAnswer(id, t.miners().get(i), answers.get(i));
        }
        assertThat(f.network().task(id).phase()).isEqualTo(TaskPhase.SCORE_COMMIT);

        int[][] scores = {{9000, 8800, 6000}, {9100, 8700, 6100}, {8900, 8900, 5900}, {9050, 8750, 6050}, {8950, 8850, 5950}};
        for (int j = 0; j < 5; j++) {
            f.commitScores(id, t.validators().get(j), scores[j]);
        }
        assertThat(f.network().task(id).phase()).isEqualTo(TaskPhase.SCORE_REVEAL);
        for (int j = 0; j < 4; j++) {
            f.revealScores(id, t.validators().get(j), scores[j]);
        }
        TransactionReceipt last = f.revealScores(id, t.validators().get(4), scores[4]);
        assertThat(last.getLogs()).as("the last reveal finalizes in the same transaction")
                .anyMatch(l -> org.poq.network.events.TaskEventDecoder.decode(l).filter(e -> e instanceof TaskEvent.Finalized).isPresent());

        TaskState end = f.network().task(id);
        assertThat(end.phase()).isEqualTo(TaskPhase.FINALIZED);
        assertThat(f.network().consensus(id)).containsExactly(9000, 8800, 6000);

        List<TaskEvent> events = f.network().events(from, f.network().blockNumber());
        TaskEvent.Finalized fin = events.stream().filter(e -> e instanceof TaskEvent.Finalized).map(e -> (TaskEvent.Finalized) e).findFirst().orElseThrow();
        assertThat(fin.bestIndex()).isZero();
        assertThat(fin.minerRewards().plus(fin.validatorRewards()).plus(fin.refund())).isEqualTo(fee);
        assertThat(fin.minerRewards()).as("all three answers are above the floor: the whole miner pool is paid")
                .isLessThanOrEqualTo(TokenAmount.ofTokens(70)).isGreaterThan(TokenAmount.parse("69.999999999999999990"));
        List<TaskEvent.Rewarded> rewards = events.stream().filter(e -> e instanceof TaskEvent.Rewarded).map(e -> (TaskEvent.Rewarded) e).toList();
        assertThat(rewards).hasSize(8);
        TokenAmount best = rewardOf(rewards, t.miners().get(0));
        TokenAmount worst = rewardOf(rewards, t.miners().get(2));
        assertThat(best).isGreaterThan(worst);
        assertThat(events).noneMatch(e -> e instanceof TaskEvent.Penalized);
        assertThat(f.network().poqBalance(f.requester().address())).isEqualTo(requesterBefore.minus(fee).plus(fin.refund()));
        assertThat(f.network().poqBalance(f.network().descriptor().contracts().market())).isEqualTo(TokenAmount.ZERO);
        assertThat(f.network().validatorScores(id, t.validators().get(1))).containsExactly(9100, 8700, 6100);
        assertThat(f.network().recomputeSelection(id, ProtocolFixture.FAMILY).miners()).containsExactlyElementsOf(t.miners());

        TaskView view = TaskTracker.replay(id, events);
        assertThat(view.finalized()).isTrue();
        assertThat(view.prompt()).isEqualTo("What is the capital of France?");
        assertThat(view.ranked()).extracting(TaskView.Answer::text).containsExactly(answers.get(0), answers.get(1), answers.get(2));
        assertThat(view.ranked().get(0).scoresByValidator()).hasSize(5).containsValue(9100);
        assertThat(view.ranked().get(0).reward()).isEqualTo(best);
        assertThat(view.refund()).isEqualTo(fin.refund());
    }

    private static TokenAmount rewardOf(List<TaskEvent.Rewarded> rewards, String node) {
        return rewards.stream().filter(r -> r.node().equalsIgnoreCase(node)).map(TaskEvent.Rewarded::amount).findFirst().orElseThrow();
    }
}
