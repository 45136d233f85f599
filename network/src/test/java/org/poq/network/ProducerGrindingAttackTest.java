package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.beacon.DrandChain;
import org.poq.network.beacon.RecordedBeacons;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.DrandBeacon;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.Round;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * Attack 6 of issue 22, producer grinding. The producer of a task's target block (on anvil with manual
 * mining: the attacker builds that block) owns two of six equal validators. Under the block-hash source it
 * re-builds the target block, each variant with another timestamp and so another hash, until the draw gives
 * its sybils two of the task's three validator seats; they then score the honest miners' answers zero: the
 * miners are paid nothing, the honest validator is outvoted and unpaid (on v2 it was also slashed for
 * deviating; v3 slashes only with three agreeing validators, decision 0046), and the sybils take the validator
 * pool. Under the drand beacon source (DrandBeacon, decision 0045) the task's round was fixed at submit,
 * before its signature existed: every variant of the target block gives the same draw, the one drand's
 * signature of that round gives, and in it the attacker has no majority, so the honest miners and
 * validators are paid and the sybil that scored zero earns nothing. Fails on v2's contracts (no beacon source:
 * the seed is always the target block's hash), passes on v3.
 */
class ProducerGrindingAttackTest {
    private static final TokenAmount FEE = TokenAmount.ofTokens(10);
    private static final int SYBILS = 2;
    private static final int HONEST_SCORE = 8_500;
    /** Variants of the target block the attacker looks at before it keeps one. */
    private static final int VARIANTS = 20;
    /** With a 20% chance each, one of these many variants seats the sybils but for a chance of 1e-19. */
    private static final int MAX_VARIANTS = 200;
    /** A real evmnet round (RecordedBeacons); its signature's draw leaves the attacker without a majority. */
    private static final long ROUND = 10_000_000;
    private static final Duration LEAD = DrandChain.DEFAULT_LEAD;

    @Test
    void producerGrindingCapturesATaskUnderTheBlockHashButNotUnderTheBeacon() throws Exception {
        try (ProtocolFixture f = ProtocolFixture.start(2, 6)) {
            Set<String> sybils = sybils(f);
            TaskId id = f.requester().submitTaskUndrawn(f.request(2, 3, FEE));
            long from = f.network().blockNumber();
            Grind grind = grind(f, id, sybils);
            assertThat(grind.captured()).as("the producer finds a target block that seats its sybils").isTrue();
            assertThat(grind.draws()).as("each variant of the target block drew anew").hasSizeGreaterThan(1);
            Round.Outcome o = play(f, id, from, sybils);
            for (String miner : o.state().miners()) {
                assertThat(o.rewardOf(miner)).as("an honest miner of the captured task").isEqualTo(TokenAmount.ZERO);
            }
            for (String v : o.state().validators()) {
                if (sybils.contains(v)) {
                    assertThat(o.rewardOf(v)).as("a sybil takes the validator pool").isGreaterThan(TokenAmount.ZERO);
                } else {
                    // two agreeing validators cannot slash the third (attack 8's rule, decision 0046): the honest
                    // one keeps its stake but is paid nothing for the task
                    assertThat(o.rewardOf(v)).as("the honest validator is outvoted and unpaid").isEqualTo(TokenAmount.ZERO);
                    assertThat(o.slashOf(v)).as("but keeps its stake").isEqualTo(TokenAmount.ZERO);
                }
            }
        }

        long submitTime = DrandChain.EVMNET.roundTime(ROUND) - LEAD.toSeconds() - 1;
        try (ProtocolFixture f = ProtocolFixture.startWithBeacon(2, 6, ProtocolParams.defaults().withWindows(60, 60),
                List.of("--timestamp", Long.toString(submitTime - 3_600)), DrandChain.EVMNET, LEAD)) {
            Set<String> sybils = sybils(f);
            f.chain().rpc("evm_setNextBlockTimestamp", BigInteger.valueOf(submitTime));
            TaskId id = f.requester().submitTaskUndrawn(f.request(2, 3, FEE));
            long from = f.network().blockNumber();
            DrandBeacon beacon = beacon(f);
            assertThat(beacon.roundOf(BigInteger.valueOf(f.network().task(id).targetBlock())).send())
                    .as("the round fixed at submit starts after the submit time plus the lead").isEqualTo(BigInteger.valueOf(ROUND));
            beacon.post(BigInteger.valueOf(ROUND), Numeric.hexStringToByteArray(RecordedBeacons.evmnet(ROUND).signature())).send();
            Grind grind = grind(f, id, sybils);
            assertThat(grind.draws()).as("every variant of the target block gives the same draw").hasSize(1);
            assertThat(grind.captured()).isFalse();
            Round.Outcome o = play(f, id, from, sybils);
            for (String miner : o.state().miners()) {
                assertThat(o.rewardOf(miner)).as("an honest miner is paid").isGreaterThan(TokenAmount.ZERO);
            }
            for (String v : o.state().validators()) {
                if (sybils.contains(v)) {
                    // a lone liar among three is unpaid and loses trust; slashing it needs three agreeing validators
                    assertThat(o.rewardOf(v)).as("a sybil that scored zero earns nothing").isEqualTo(TokenAmount.ZERO);
                } else {
                    assertThat(o.rewardOf(v)).as("an honest validator is paid").isGreaterThan(TokenAmount.ZERO);
                }
            }
        }
    }

    /** The draws the variants gave, how many variants were built, and whether the one kept seats the sybils. */
    private record Grind(Set<List<String>> draws, int variants, boolean captured) {
    }

    /**
     * The attacker, producing the target block, builds {@link #VARIANTS} variants of it (each with its own
     * timestamp, so its own hash) and looks at the draw each gives, undoing each; then it goes on building
     * variants until one seats two sybils of three, and keeps that one (up to {@link #MAX_VARIANTS}: then it
     * keeps the last).
     */
    private static Grind grind(ProtocolFixture f, TaskId id, Set<String> sybils) {
        Set<List<String>> draws = new HashSet<>();
        PoqSession drawer = f.sessionFor(ProtocolFixture.credentialsOf(f.bystander()));
        long base = blockTime(f);
        int variant = 1;
        for (; ; variant++) {
            Object snapshot = f.chain().rpc("evm_snapshot");
            buildTargetBlock(f, drawer, id, base + variant);
            List<String> drawn = f.network().task(id).validators();
            draws.add(drawn);
            if (variant > VARIANTS && (seated(drawn, sybils) || variant >= MAX_VARIANTS)) {
                return new Grind(draws, variant, seated(drawn, sybils));
            }
            f.chain().rpc("evm_revert", snapshot);
        }
    }

    private static void buildTargetBlock(ProtocolFixture f, PoqSession drawer, TaskId id, long timestamp) {
        f.chain().rpc("evm_setNextBlockTimestamp", BigInteger.valueOf(timestamp));
        f.chain().rpc("evm_mine");
        drawer.draw(id);
    }

    private static boolean seated(List<String> drawn, Set<String> sybils) {
        return drawn.stream().filter(sybils::contains).count() >= 2;
    }

    /** The miners answer; honest validators score the answers 8,500, the sybils score them zero. */
    private static Round.Outcome play(ProtocolFixture f, TaskId id, long from, Set<String> sybils) {
        List<String> vs = f.network().task(id).validators();
        return new Round(f, f.request(2, 3, FEE)).answer(0, "Paris.").answer(1, "Paris is the capital of France.")
                .scores((j, answers) -> {
                    int score = sybils.contains(vs.get(j)) ? 0 : HONEST_SCORE;
                    return answers.stream().mapToInt(a -> score).toArray();
                })
                .play(id, from);
    }

    private static Set<String> sybils(ProtocolFixture f) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < SYBILS; i++) out.add(f.validators().get(i).address());
        return out;
    }

    private static long blockTime(ProtocolFixture f) {
        try {
            return f.chain().web3j().ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
                    .send().getBlock().getTimestamp().longValueExact();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DrandBeacon beacon(ProtocolFixture f) throws Exception {
        var web3j = f.chain().web3j();
        String market = f.network().descriptor().contracts().market();
        String source = TaskMarket.load(market, web3j, new ReadonlyTransactionManager(web3j, f.bystander()), ChainClient.GAS)
                .randomnessSource().send();
        return DrandBeacon.load(source, web3j, f.chain().transactionManager(ProtocolFixture.credentialsOf(f.bystander())),
                ChainClient.GAS);
    }
}
