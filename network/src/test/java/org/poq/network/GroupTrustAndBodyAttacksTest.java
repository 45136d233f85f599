package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.Round;

/**
 * Attacks 3, 4 and 9 of issue 22 and the governance residual, on anvil: trust belongs to the group a
 * task was drawn from and never rises by moving; validators answer as a body (no even m); governance
 * cannot set a tolerance, window or timelock delay that hurts honest participants.
 */
class GroupTrustAndBodyAttacksTest {
    private static final String GOOD = "Paris is the capital of France.";
    private static final TokenAmount FEE = TokenAmount.ofTokens(10);

    private static ProtocolParams params() {
        return ProtocolParams.defaults().withWindows(60, 60);
    }

    /**
     * Attack 3, trust carried across groups. On v2 a sybil farmed trust with self-tasks in a private
     * family, moved to the real family after its last self-task was drawn and before it finalized, and
     * that task's trust update landed in the real family: 1.19x an established honest miner. On v3 the
     * update goes to the group the task was drawn from; in the real family the sybil starts at the
     * initial trust, and the move put its old stake into unbonding. Fails on v2, passes on v3.
     */
    @Test
    void trustCarriedAcrossGroupsStaysInTheGroupItWasEarnedIn() {
        try (ProtocolFixture f = ProtocolFixture.start(3, 3, params())) {
            PoqSession sybil = f.addMiner("private-family", ProtocolFixture.STAKE);
            int initial = f.network().node(sybil.address()).trust();
            TaskRequest self = new TaskRequest("Capital of France?", "private-family", ProtocolFixture.EVALUATOR, 1, 3, 64,
                    f.network().descriptor().params().minFee(1, 3));
            for (int i = 0; i < 3; i++) {
                new Round(f, self).answer(0, GOOD).scores((v, a) -> new int[] {10_000}).run();
            }
            int farmed = f.network().node(sybil.address()).trust();
            assertThat(farmed).as("farmed in the private family").isGreaterThan(initial);

            TaskId last = f.requester().submitTask(self);
            f.commitAnswer(last, sybil.address(), GOOD);
            f.revealAnswer(last, sybil.address(), GOOD);
            sybil.registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, ProtocolFixture.STAKE);
            TaskState t = f.network().task(last);
            for (String v : t.validators()) f.commitScores(last, v, new int[] {10_000});
            for (String v : t.validators()) f.revealScores(last, v, new int[] {10_000});
            assertThat(f.network().task(last).isFinalized()).isTrue();

            NodeInfo moved = f.network().node(sybil.address());
            assertThat(moved.trust()).as("in the real family it starts over").isEqualTo(initial);
            assertThat(moved.unbonding()).as("moving cost an unbonding of the old stake").isEqualTo(ProtocolFixture.STAKE);
            NodeInfo honestFresh = f.network().node(f.miners().get(0).address());
            assertThat(moved.weight()).as("the weight of a fresh miner of the same stake").isEqualTo(honestFresh.weight());
        }
    }

    /**
     * Attack 4, same-address whitewash. On v2 a miner whose trust had fallen hopped to another family and
     * back in two transactions and came back at the initial trust, 3.3x the weight. On v3 trust is kept
     * per (address, group): it comes back exactly as low as it left, and each hop put the stake it left
     * with into unbonding. Fails on v2, passes on v3.
     */
    @Test
    void sameAddressWhitewashHoppingAwayAndBackKeepsTheLowTrust() {
        try (ProtocolFixture f = ProtocolFixture.start(4, 3, params())) {
            PoqSession shirker = f.miners().get(0);
            for (int i = 0; i < 2; i++) {
                TaskId id = f.requester().submitTask(f.request(4, 3, FEE));
                TaskState t = f.network().task(id);
                List<String> others = t.miners().stream().filter(m -> !m.equals(shirker.address())).toList();
                for (String m : others) f.commitAnswer(id, m, GOOD);
                f.increaseTime(61);
                f.requester().advance(id);
                for (String m : others) f.revealAnswer(id, m, GOOD);
                for (String v : t.validators()) f.commitScores(id, v, new int[] {8000, 8000, 8000, 8000});
                for (String v : t.validators()) f.revealScores(id, v, new int[] {8000, 8000, 8000, 8000});
                assertThat(f.network().task(id).isFinalized()).isTrue();
            }
            NodeInfo low = f.network().node(shirker.address());
            assertThat(low.trust()).as("absence lowered it").isLessThan(5_000);

            shirker.registerMiner("other-family", ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, ProtocolFixture.STAKE);
            shirker.registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, ProtocolFixture.STAKE);
            NodeInfo back = f.network().node(shirker.address());
            assertThat(back.trust()).as("the same trust as when it left").isEqualTo(low.trust());
            assertThat(back.unbonding()).as("both hops put the stake into unbonding").isEqualTo(low.stake().plus(ProtocolFixture.STAKE));
            assertThat(back.unbondingReleaseAt()).isAfter(f.network().latestBlockTime());
        }
    }

    /**
     * Attack 9, a colluding half. On v2 an even m let two of four validators split every median and void
     * the task: no verdict, miners unpaid, colluders unpenalised. On v3 m must be odd; two colluders of
     * five cannot move the median, deviate from it, and are slashed while the honest three are paid.
     * Fails on v2, passes on v3.
     */
    @Test
    void aColludingHalfCannotVoidATaskBecauseMIsOdd() {
        try (ProtocolFixture f = ProtocolFixture.start(3, 5, params())) {
            assertThatThrownBy(() -> f.requester().submitTask(f.request(3, 4, FEE))).hasMessageContaining("m must be odd");
            Round.Outcome o = new Round(f, f.request(3, 5, FEE)).answer(0, GOOD).answer(1, GOOD).answer(2, GOOD)
                    .scores((v, a) -> v < 2 ? new int[] {10_000, 0, 0} : new int[] {5_000, 5_000, 5_000}).run();
            assertThat(o.finalized().consensus()).containsExactly(5_000, 5_000, 5_000);
            for (String m : o.state().miners()) assertThat(o.rewardOf(m)).isGreaterThan(TokenAmount.ZERO);
            List<String> vs = o.state().validators();
            for (int j = 0; j < 5; j++) {
                if (j < 2) {
                    assertThat(o.penalized(vs.get(j))).as("colluder %d slashed", j).isTrue();
                    assertThat(o.rewardOf(vs.get(j))).isEqualTo(TokenAmount.ZERO);
                } else {
                    assertThat(o.rewardOf(vs.get(j))).as("honest %d paid", j).isGreaterThan(TokenAmount.ZERO);
                }
            }
        }
    }

    /**
     * The governance residual. On v2, inside the caps and after the notice, governance could set the
     * tolerance and slash threshold to 1 (slashing honest validators 7-14 points apart), one-second windows
     * (slashing miners for absence), and `--timelock-delay PT0S` was accepted. On v3 the market refuses a
     * tolerance below 500, a slash threshold below 1,500 and windows below 4 seconds, and neither the
     * deployer nor the timelock accepts a delay below 60 seconds. Fails on v2, passes on v3.
     */
    @Test
    void governanceCannotSetRulesThatSlashHonestParticipants() throws Exception {
        try (ProtocolFixture f = ProtocolFixture.start(0, 0, params())) {
            var c = ProtocolFixture.credentialsOf(f.governor().address());
            TaskMarket market = TaskMarket.load(f.network().descriptor().contracts().market(), f.chain().web3j(),
                    f.chain().transactionManager(c), ChainClient.GAS);
            ProtocolParams p = f.network().descriptor().params();
            ProtocolParams harsh = new ProtocolParams(p.maxPromptBytes(), p.maxAnswerBytes(), p.maxTokensLimit(),
                    p.commitWindowSeconds(), p.revealWindowSeconds(), p.minerShareBps(), p.qualityFloor(), 1, 1,
                    p.noRevealSlashBps(), p.absentSlashBps(), p.deviationSlashBps(), p.minStakeWei(), p.unbondingDelaySeconds(),
                    p.minFeePerParticipantWei());
            assertThatThrownBy(() -> market.setParams(harsh.toMarketParams()).send()).hasMessageContaining("tolerance must be in 500");
            assertThatThrownBy(() -> market.setParams(p.withWindows(1, 1).toMarketParams()).send())
                    .hasMessageContaining("a window below 4 seconds");
        }
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral());
             ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            assertThatThrownBy(() -> new Deployer(chain, LocalAccounts.account(0)).deploy("instant", params(),
                    List.of(new Deployer.EvaluatorEntry(Sha256.of("e".getBytes()), "e")), Deployer.DEFAULT_SUPPLY, Duration.ZERO))
                    .hasMessageContaining("at least 60 seconds");
        }
    }
}
