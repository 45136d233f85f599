package org.poq.network;

import org.poq.network.chain.TransactionRevertedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.RawTx;
import org.poq.network.testing.Round;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The economic attacks of the v1 review, played on anvil (docs/decisions/0005 to 0008): dust tasks,
 * a withholder that withdraws before anyone calls advance(), a governor that changes the rules mid-task
 * or sets robbing values, trust farmed in a private family, a whitewashed identity. Each test fails on
 * protocol v1 and passes on v2.
 */
class EconomicAttacksTest {
    static ProtocolFixture f;
    static final TokenAmount FEE = TokenAmount.ofTokens(100);
    static final String GOOD = ProtocolPropertiesTest.GOOD;

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(3, 4);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /**
     * v1: a 1-wei task forced every selected node to work for nothing or be slashed for absence. v2: the
     * market refuses a task below the protocol's floor per participant, and a node that declared a
     * higher price than a task offers stays away without penalty (a price set after the submit does not
     * count).
     */
    @Test
    void dustGrieferCannotForceUnpaidWorkOrSlashes() {
        String reason = new RawTx(f.chain()).revertReason(f.requester().address(), f.network().descriptor().contracts().market(),
                "submitTask", List.of(new Utf8String("dust"), new Utf8String(ProtocolFixture.FAMILY),
                        new Bytes32(ProtocolFixture.EVALUATOR.bytes()), new Uint8(3), new Uint8(3), new Uint32(8), new Uint32(4), new Uint256(1)));
        assertThat(reason).contains("fee below the protocol minimum");

        List<PoqSession> nodes = new java.util.ArrayList<>(f.miners());
        nodes.addAll(f.validators());
        nodes.forEach(n -> n.setMinPrice(TokenAmount.ofTokens(1)));
        try {
            TokenAmount floor = f.network().descriptor().params().minFee(3, 3);
            Round.Outcome ignored = new Round(f, f.request(3, 3, floor)).run();
            // v3: nodes priced above the offer are not drawn at all; with none left the fee goes back
            assertThat(ignored.all(TaskEvent.Penalized.class)).as("priced-out nodes stay away unpunished").isEmpty();
            assertThat(ignored.finalized().refund()).isEqualTo(floor);

        } finally {
            nodes.forEach(n -> n.setMinPrice(TokenAmount.ZERO));
        }
    }

    /**
     * v1: a miner that committed and withheld its reveal requested unstake, waited out the unbonding
     * delay while nobody called advance(), and withdrew: penalty 0. v2 held the stake until the task was
     * finalized; v3 holds it until a time fixed at the draw (the task's last deadline plus a settling
     * grace), which the unbonding delay outlasts: the task is settled first, and the no-reveal penalty is
     * taken from the unbonding stake.
     */
    @Test
    void withholderCannotWithdrawItsStakeBeforeTheTaskIsFinalized() {
        TaskId id = f.requester().submitTask(f.request(3, 3, FEE));
        TaskState t = f.network().task(id);
        String withholder = t.miners().get(0);
        for (String m : t.miners()) {
            f.commitAnswer(id, m, GOOD);
        }
        PoqSession w = f.sessionOf(withholder);
        TokenAmount stake = f.network().node(withholder).stake();
        w.requestUnstake(stake);
        assertThat(f.network().stakeHeldUntil(withholder)).isAfter(f.network().latestBlockTime());
        assertThatThrownBy(w::withdraw).isInstanceOf(TransactionRevertedException.class)
                .hasMessageContaining("stake still unbonding");
        finish(id);
        f.increaseTime(f.network().descriptor().params().unbondingDelaySeconds() + 1);
        NodeInfo after = f.network().node(withholder);
        assertThat(after.unbonding()).as("the no-reveal penalty came out of the unbonding stake").isLessThan(stake);
        TokenAmount before = f.network().poqBalance(withholder);
        w.withdraw();
        assertThat(f.network().poqBalance(withholder)).isEqualTo(before.plus(after.unbonding()));
        w.registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, ProtocolFixture.STAKE);
    }

    /**
     * v1 read the parameters at finalize: a governor that set the miner share to 0 mid-task paid the
     * miners nothing. v2 snapshots the parameters into the task at submit.
     */
    @Test
    void aParameterChangeMidTaskDoesNotTouchTheRunningTask() throws Exception {
        TaskMarket market = governorMarket();
        ProtocolParams p = f.network().descriptor().params();
        TaskId id = f.requester().submitTask(f.request(3, 3, FEE));
        TaskState t = f.network().task(id);
        ProtocolParams robbing = new ProtocolParams(p.maxPromptBytes(), p.maxAnswerBytes(), p.maxTokensLimit(),
                p.commitWindowSeconds(), p.revealWindowSeconds(), 0, p.qualityFloor(), p.tolerance(), p.slashDeviation(),
                p.noRevealSlashBps(), p.absentSlashBps(), p.deviationSlashBps(), p.minStakeWei(), p.unbondingDelaySeconds(),
                p.minFeePerParticipantWei());
        assertThat(market.setParams(robbing.toMarketParams()).send().isStatusOK()).isTrue();
        try {
            for (String m : t.miners()) f.commitAnswer(id, m, GOOD);
            for (String m : t.miners()) f.revealAnswer(id, m, GOOD);
            for (String v : t.validators()) f.commitScores(id, v, new int[] {9000, 9000, 9000});
            for (String v : t.validators()) f.revealScores(id, v, new int[] {9000, 9000, 9000});
            TaskEvent.Finalized fin = f.network().events(t.drawBlock(), f.network().blockNumber()).stream()
                    .filter(e -> e instanceof TaskEvent.Finalized x && x.taskId().equals(id))
                    .map(e -> (TaskEvent.Finalized) e).findFirst().orElseThrow();
            // 70% of the fee, less the integer-division dust of splitting it three ways
            assertThat(fin.minerRewards()).as("the miner share in force at submit: 70%")
                    .isBetween(TokenAmount.parse("69.99999"), TokenAmount.ofTokens(70));
        } finally {
            market.setParams(p.toMarketParams()).send();
        }
    }

    /**
     * v1: the admin could slash every node 100% into its treasury, make unstaking overflow with an absurd
     * unbonding delay, and revoke the market's role to freeze escrow. v2 caps penalties at 20%, the
     * unbonding delay at 30 days, and names the market once.
     */
    @Test
    void governanceCannotSetRobbingValuesOrUnplugTheMarket() {
        TaskMarket market = governorMarket();
        NodeRegistry registry = governorRegistry();
        ProtocolParams p = f.network().descriptor().params();
        ProtocolParams total = new ProtocolParams(p.maxPromptBytes(), p.maxAnswerBytes(), p.maxTokensLimit(),
                p.commitWindowSeconds(), p.revealWindowSeconds(), p.minerShareBps(), p.qualityFloor(), p.tolerance(),
                p.slashDeviation(), 10_000, 10_000, 10_000, p.minStakeWei(), p.unbondingDelaySeconds(), p.minFeePerParticipantWei());
        assertThatThrownBy(() -> market.setParams(total.toMarketParams()).send()).hasMessageContaining("above the 20% cap");
        assertThatThrownBy(() -> registry.setParams(p.minStakeWei(), BigInteger.valueOf(100L * 365 * 24 * 3600),
                BigInteger.valueOf(1_000), BigInteger.valueOf(20_000), BigInteger.valueOf(5_000), BigInteger.valueOf(2_000)).send())
                .hasMessageContaining("unbonding delay above 30 days");
        assertThatThrownBy(() -> registry.setMarket(f.governor().address()).send()).hasMessageContaining("market already set");
        // the market's right to slash and lock is its address, not a role an admin could revoke
        assertThat(org.poq.network.chain.Calls.run("read the market", () -> registry.market().send()))
                .isEqualToIgnoringCase(f.network().descriptor().contracts().market());
    }

    /**
     * v1: trust was global and a sybil farmed it with self-asked tasks in a private model family, then
     * used it in a real family. v2: trust is per group; joining another group starts from the start value.
     */
    @Test
    void trustFarmedInAPrivateFamilyDoesNotCarryIntoARealOne() {
        PoqSession sybil = f.addMiner("private-family", ProtocolFixture.STAKE);
        int start = f.network().node(sybil.address()).trust();
        for (int i = 0; i < 3; i++) {
            new Round(f, new TaskRequest("Capital of France?", "private-family", ProtocolFixture.EVALUATOR, 1, 3, 64,
                    f.network().descriptor().params().minFee(1, 3))).answer(0, GOOD)
                    .scores(ProtocolPropertiesTest::honest).run();
        }
        assertThat(f.network().node(sybil.address()).trust()).as("farmed").isGreaterThan(start);
        sybil.registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, ProtocolFixture.STAKE);
        assertThat(f.network().node(sybil.address()).trust()).as("after moving to the real family").isEqualTo(start);
        sybil.requestUnstake(f.network().node(sybil.address()).stake());
        f.miners().remove(sybil);
    }

    /**
     * v1: a fresh address started at full trust (1.0), above a node penalized once. v2: a fresh address
     * starts at 0.5, below an established honest node even after an absence penalty; and idle trust
     * decays toward the start value, so a node cannot bank trust at the cap.
     */
    @Test
    void whitewashingDoesNotPayAndIdleTrustDecays() {
        for (int i = 0; i < 3; i++) {
            new Round(f, f.request(3, 3, FEE)).answer(0, GOOD).answer(1, GOOD).answer(2, GOOD)
                    .scores(ProtocolPropertiesTest::honest).run();
        }
        Round.Outcome o = new Round(f, f.request(3, 3, FEE)).answer(0, GOOD).answer(1, GOOD)
                .scores(ProtocolPropertiesTest::honest).run();
        String penalized = o.state().miners().get(2);
        assertThat(o.penalized(penalized)).isTrue();
        PoqSession fresh = f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE);
        int freshTrust = f.network().node(fresh.address()).trust();
        int penalizedTrust = f.network().node(penalized).trust();
        assertThat(freshTrust).as("a whitewashed identity").isLessThan(penalizedTrust);

        String honest = o.state().miners().get(0);
        int high = f.network().node(honest).trust();
        f.increaseTime(7 * 24 * 3600);
        f.requester().refreshTrust(honest);
        int decayed = f.network().node(honest).trust();
        assertThat(decayed).as("one half-life idle: about halfway back to the start")
                .isBetween(freshTrust + (high - freshTrust) / 2 - 10, freshTrust + (high - freshTrust) / 2 + 10);
        fresh.requestUnstake(f.network().node(fresh.address()).stake());
        f.miners().remove(fresh);
    }

    private static TaskMarket governorMarket() {
        var c = ProtocolFixture.credentialsOf(f.governor().address());
        return TaskMarket.load(f.network().descriptor().contracts().market(), f.chain().web3j(),
                f.chain().transactionManager(c), ChainClient.GAS);
    }

    private static NodeRegistry governorRegistry() {
        var c = ProtocolFixture.credentialsOf(f.governor().address());
        return NodeRegistry.load(f.network().descriptor().contracts().registry(), f.chain().web3j(),
                f.chain().transactionManager(c), ChainClient.GAS);
    }

    private static void finish(TaskId id) {
        for (int i = 0; i < 5 && !f.network().task(id).isFinalized(); i++) {
            f.increaseTime(61);
            f.requester().advance(id);
        }
    }
}
