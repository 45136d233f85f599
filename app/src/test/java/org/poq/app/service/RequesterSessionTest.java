package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.Await;
import org.poq.app.gui.RoundNodes;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.poq.network.events.PenaltyReason;
import org.poq.network.TaskView;
import org.poq.network.chain.TransactionRevertedException;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;

/**
 * The requester's side of a round on a real anvil chain, as every face uses it: a node that was drawn
 * and never acts (its host is gone) must not hold the task forever, and the preview must say so.
 */
class RequesterSessionTest {
    static ProtocolFixture f;

    @TempDir
    Path dir;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void attackAbsentMinerCannotHoldTheTaskAndThePreviewWarnsAboutItAfterwards() throws Exception {
        RequesterSession session = new RequesterSession(f.network());
        var request = f.request(3, 3, TokenAmount.ofTokens(30));
        FeePreview before = session.preview(f.requester().address(), request);
        assertThat(before.warning()).as("no node has missed anything yet").isEmpty();
        assertThat(before.describe()).contains("Fee 30 POQ", "3 miner(s) and 3 validator(s)");

        List<TaskView> advancedAt = new CopyOnWriteArrayList<>();
        // the third miner is registered but its host is gone: it never commits
        try (RoundNodes nodes = new RoundNodes(f, dir.resolve("nodes.db"), f.miners().subList(0, 2), f.validators());
             FollowedTask task = session.submit(ProtocolFixture.credentialsOf(f.requester().address()), request,
                     new TaskListener() {
                         @Override
                         public void update(TaskView view) {
                         }

                         @Override
                         public void advanced(TaskView v) {
                             advancedAt.add(v);
                         }
                     })) {
            Await.until("two answers are committed", () -> task.latest() != null && task.latest().answersCommitted() == 2);
            f.increaseTime(61); // the answer window closes with the absent miner's commit missing
            TaskView done = task.awaitFinalized(Duration.ofSeconds(60));
            assertThat(done).as("the requester advanced the task past the deadline").isNotNull();
            assertThat(advancedAt).isNotEmpty();
            assertThat(advancedAt.get(0).answersCommitted()).isEqualTo(2);
            assertThat(done.ranked()).hasSize(2).allSatisfy(a -> assertThat(a.consensus()).isEqualTo(9000));
            String absent = f.miners().get(2).address();
            assertThat(done.penalties()).containsKey(absent);
            assertThat(done.penalties().get(absent)).isEqualTo(PenaltyReason.ABSENT);
            assertThat(session.read(task.id())).as("one log query rebuilds the same view").isEqualTo(done);
        }

        FeePreview after = session.preview(f.requester().address(), request);
        assertThat(after.liveness().quietMiners()).containsExactly(f.miners().get(2).address().toLowerCase());
        assertThat(after.warning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("1 miner(s) of this model and evaluator did not act on their last task").contains("waits"));
    }

    @Test
    void badRequestsAreRefusedInPlainWordsBeforeAnythingIsSigned() {
        RequesterSession session = new RequesterSession(f.network());
        String me = f.requester().address();
        assertThatThrownBy(() -> session.preview(me, f.request(9, 3, TokenAmount.ofTokens(1))))
                .hasMessage("Ask between 1 and 8 miners.");
        assertThatThrownBy(() -> session.preview(me, f.request(3, 16, TokenAmount.ofTokens(1))))
                .hasMessage("Ask an odd number of validators from 3 to 15: fewer cannot outvote a liar, and half of an even number could void the task.");
        assertThatThrownBy(() -> session.preview(me, f.request(3, 4, TokenAmount.ofTokens(1))))
                .as("an even m: protocol v3 refuses it on chain, so the check refuses it before paying")
                .hasMessageStartingWith("Ask an odd number of validators from 3 to 15");
        assertThatThrownBy(() -> session.preview(me, f.request(4, 3, TokenAmount.ofTokens(1))))
                .hasMessageStartingWith("Only 3 miner(s) serve");
        assertThatThrownBy(() -> session.preview(me, f.request(3, 3, TokenAmount.ofTokens(1_000_000_000))))
                .hasMessageStartingWith("Insufficient POQ: the fee is 1,000,000,000 POQ");
        assertThatThrownBy(() -> session.preview(me, f.request(3, 3, TokenAmount.ZERO)))
                .hasMessage("The fee must be more than zero.");
    }

    /**
     * Attack 14 of issue 22 from the requester's side: a task no k miners can hold (prompt as declared,
     * one token per byte, plus max tokens above the k-th largest registered context) would never be drawn
     * to them; it is refused before anything is signed, with the context in words, and a task that fits
     * the same miners passes the check.
     */
    @Test
    void aTaskBeyondTheMinersRegisteredContextIsRefusedBeforePaying() {
        RequesterSession session = new RequesterSession(f.network());
        String me = f.requester().address();
        int context = ProtocolFixture.CONTEXT_TOKENS;
        assertThat(session.contextTokens(ProtocolFixture.FAMILY, 3)).hasValue(context);
        String prompt = "x".repeat(context - 100);
        var tooLong = new org.poq.network.TaskRequest(prompt, ProtocolFixture.FAMILY, ProtocolFixture.EVALUATOR, 3, 3, 200,
                TokenAmount.ofTokens(30));
        TokenAmount balance = f.network().poqBalance(me);
        assertThat(session.check(me, tooLong)).hasValueSatisfying(r -> assertThat(r).isInstanceOf(Refusal.BeyondContext.class));
        assertThatThrownBy(() -> session.preview(me, tooLong))
                .hasMessageContaining("need more than the " + context + " tokens of context the miners of " + ProtocolFixture.FAMILY);
        assertThatThrownBy(() -> session.submit(ProtocolFixture.credentialsOf(me), tooLong, v -> { }))
                .hasMessageContaining("tokens of context");
        assertThat(f.network().poqBalance(me)).as("nothing was escrowed").isEqualTo(balance);
        var fits = new org.poq.network.TaskRequest(prompt, ProtocolFixture.FAMILY, ProtocolFixture.EVALUATOR, 3, 3, 100,
                TokenAmount.ofTokens(30));
        assertThat(session.check(me, fits)).isEmpty();
    }

    @Test
    void aFeeBelowTheProtocolMinimumIsRefusedByThePreviewExactlyWhereTheChainRefusesTheSubmit() {
        // the bug a user saw: the preview passed a fee the market then refused at the submit
        RequesterSession session = new RequesterSession(f.network());
        String me = f.requester().address();
        TokenAmount minimum = f.network().descriptor().params().minFee(3, 3);
        var cheap = f.request(3, 3, TokenAmount.ofWei(minimum.wei().subtract(BigInteger.ONE)));
        assertThat(session.check(me, cheap)).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo(new Refusal.FeeBelowProtocolMinimum(cheap.fee(), minimum, 3, 3,
                        f.network().descriptor().params().minFeePerParticipant())));
        assertThatThrownBy(() -> session.preview(me, cheap)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("below the protocol minimum of " + AmountFormat.atMost(minimum, AmountFormat.POQ) + " for 3 miners and 3 validators");
        TokenAmount balance = f.network().poqBalance(me);
        assertThatThrownBy(() -> session.submit(LocalAccounts.account(1), cheap, v -> { }))
                .isInstanceOf(RefusedException.class);
        assertThat(f.network().poqBalance(me)).as("nothing was escrowed").isEqualTo(balance);
        assertThatThrownBy(() -> f.requester().submitTaskUndrawn(cheap)).as("the network's own submit agrees")
                .isInstanceOf(TransactionRevertedException.class);

        var exact = f.request(3, 3, minimum);
        assertThat(session.check(me, exact)).isEmpty();
        assertThat(session.preview(me, exact).describe()).contains("3 miner(s) and 3 validator(s)");
        assertThat(f.requester().submitTaskUndrawn(exact)).as("the market takes the minimum itself").isNotNull();
    }
}
