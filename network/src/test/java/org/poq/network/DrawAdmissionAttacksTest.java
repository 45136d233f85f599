package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.RawTx;
import org.poq.network.testing.Round;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Attacks 5, 7, 11, 12 and 14 of issue 22 on anvil: who the draw may pick (capacity and price are part
 * of the draw in protocol v3) and where expired fees and slashes go (burned). Each test drives the attack
 * as the attacker would and asserts on who is paid.
 */
class DrawAdmissionAttacksTest {
    private static final String GOOD = "Paris is the capital of France.";
    private static final TokenAmount FEE = TokenAmount.ofTokens(10);

    private static ProtocolParams params() {
        return ProtocolParams.defaults().withWindows(60, 60);
    }

    private static Round honestRound(ProtocolFixture f, TaskRequest r) {
        Round round = new Round(f, r);
        for (int i = 0; i < r.k(); i++) round.answer(i, GOOD);
        return round.scores((v, answers) -> answers.stream().mapToInt(a -> a == null ? 0 : 8000).toArray());
    }

    /**
     * Attack 14, tasks no miner can serve. On v2 a 5,000-byte prompt sent to miners with a 512-token
     * context was accepted, all three were slashed 20 POQ for absence and the requester got its fee back.
     * On v3 a miner registers the tokens it holds and the draw only picks miners that hold the declared
     * prompt tokens plus maxTokens: with large miners present only they are drawn (and paid); with none,
     * nobody is drawn, the fee goes back and nobody is slashed. Fails on v2, passes on v3.
     */
    @Test
    void tasksNoMinerCanServeAreNeverDrawnToMinersTooSmallForThem() {
        try (ProtocolFixture f = ProtocolFixture.start(0, 3, params())) {
            List<PoqSession> small = List.of(f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE, 512),
                    f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE, 512), f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE, 512));
            for (int i = 0; i < 3; i++) f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE, 8_192);
            String longPrompt = "word ".repeat(1_000); // 5,000 bytes, declared at one token per byte
            Round.Outcome served = honestRound(f, new TaskRequest(longPrompt, ProtocolFixture.FAMILY, ProtocolFixture.EVALUATOR,
                    3, 3, 256, FEE)).run();
            for (PoqSession s : small) {
                assertThat(served.state().miners()).doesNotContain(s.address());
                assertThat(served.penalized(s.address())).isFalse();
            }
            for (String m : served.state().miners()) assertThat(served.rewardOf(m)).isGreaterThan(TokenAmount.ZERO);

            for (int i = 0; i < 3; i++) f.addMiner("small-family", ProtocolFixture.STAKE, 512);
            TokenAmount before = f.network().poqBalance(f.requester().address());
            Round.Outcome unserved = honestRound(f, new TaskRequest(longPrompt, "small-family", ProtocolFixture.EVALUATOR,
                    3, 3, 256, FEE)).run();
            assertThat(unserved.state().miners()).as("nobody could serve it: nobody drawn").isEmpty();
            assertThat(unserved.all(TaskEvent.Penalized.class)).as("nobody slashed").isEmpty();
            assertThat(f.network().poqBalance(f.requester().address())).as("the fee came back").isEqualTo(before);
        }
    }

    /**
     * Attack 14, under-declared prompt. A requester that declares fewer prompt tokens than the miner's
     * tokenizer counts reaches small miners; they decline openly and are neither paid nor slashed.
     * (On v2 there was nothing to declare and no way to decline: absence was slashed.)
     */
    @Test
    void tasksNoMinerCanServeUnderDeclaredPromptsAreDeclinedWithoutPenalty() {
        try (ProtocolFixture f = ProtocolFixture.start(0, 3, params())) {
            for (int i = 0; i < 3; i++) f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE, 512);
            TaskRequest r = new TaskRequest("word ".repeat(240), ProtocolFixture.FAMILY, ProtocolFixture.EVALUATOR, 3, 3, 256, FEE);
            assertThatThrownBy(() -> f.requester().submitTaskUndrawn(r, 10))
                    .hasMessageContaining("promptTokens must be between bytes / 32");
            long from = f.network().blockNumber() + 1;
            TaskId id = f.requester().submitTaskUndrawn(r, 200); // 1,200 bytes declared as 200 tokens: 456 with maxTokens
            f.requester().awaitDraw(id);
            TaskState t = f.network().task(id);
            for (String m : t.miners()) f.sessionOf(m).decline(id);
            assertThat(f.network().task(id).isFinalized()).isTrue();
            List<TaskEvent> events = f.network().events(from, f.network().blockNumber());
            assertThat(events).noneMatch(e -> e instanceof TaskEvent.Penalized);
            assertThat(events).anyMatch(e -> e instanceof TaskEvent.Finalized x && x.taskId().equals(id) && x.refund().equals(FEE));
            TaskId plain = f.requester().submitTask(new TaskRequest("word ".repeat(40), ProtocolFixture.FAMILY,
                    ProtocolFixture.EVALUATOR, 3, 3, 256, FEE));
            String miner = f.network().task(plain).miners().get(0);
            assertThatThrownBy(() -> f.sessionOf(miner).decline(plain)).hasMessageContaining("declared at one token per byte");
        }
    }

    /**
     * Attack 5, free absence through prices. On v2 sybil validators declared a price above every offer,
     * kept their selection weight and stayed away unpunished: with m=4, 71% of tasks got no verdict and
     * honest miners went unpaid. On v3 a node priced above what a task pays its role is not drawn for it:
     * every task is scored by validators that work, and the honest miners are paid every time. Fails on
     * v2, passes on v3.
     */
    @Test
    void freeAbsenceThroughPricesValidatorsPricedAboveEveryOfferAreNeverDrawn() {
        try (ProtocolFixture f = ProtocolFixture.start(3, 3, params())) {
            PoqSession sybilA = f.addValidator(ProtocolFixture.STAKE);
            PoqSession sybilB = f.addValidator(ProtocolFixture.STAKE);
            sybilA.setMinPrice(TokenAmount.ofTokens(1_000));
            sybilB.setMinPrice(TokenAmount.ofTokens(1_000));
            for (int round = 0; round < 5; round++) {
                Round.Outcome o = honestRound(f, f.request(3, 3, FEE)).run();
                assertThat(o.state().validators()).doesNotContain(sybilA.address(), sybilB.address());
                assertThat(o.finalized().hasBest()).as("every task gets a verdict").isTrue();
                for (String m : o.state().miners()) assertThat(o.rewardOf(m)).isGreaterThan(TokenAmount.ZERO);
            }
        }
    }

    /**
     * Attack 11, the price guard counts heads. On v2 the guard compared a node's price with the fee per
     * participant (fee / (k + m)); with k=1, m=15 a validator matched that and was paid 32% of its price,
     * or slashed for staying away. On v3 the guard compares the role's real share: a validator whose price
     * is above (fee - miner pool) / m is not drawn, and when drawn it is paid at least its price. Fails
     * on v2, passes on v3.
     */
    @Test
    void priceGuardComparesTheRolesRealShareNotTheHeadcount() {
        try (ProtocolFixture f = ProtocolFixture.start(1, 5, params())) {
            TokenAmount price = TokenAmount.ofTokens(1);
            for (PoqSession v : f.validators()) v.setMinPrice(price);
            TokenAmount perHead = TokenAmount.ofTokens(6); // 1 POQ per participant: 0.36 POQ per validator
            TokenAmount before = f.network().poqBalance(f.requester().address());
            Round.Outcome cheap = honestRound(f, f.request(1, 5, perHead)).run();
            assertThat(cheap.state().validators()).as("nobody is drawn below its price").isEmpty();
            assertThat(cheap.all(TaskEvent.Penalized.class)).isEmpty();
            assertThat(f.network().poqBalance(f.requester().address())).isEqualTo(before);

            Round.Outcome fair = honestRound(f, f.request(1, 5, TokenAmount.ofTokens(20))).run(); // 1.2 POQ per validator
            assertThat(fair.state().validators()).hasSize(5);
            for (String v : fair.state().validators()) {
                assertThat(fair.rewardOf(v)).as("paid at least its price").isGreaterThanOrEqualTo(price);
            }
        }
    }

    /**
     * Attack 12, the price re-declaration trap. On v2 a miner priced above a task at its submit lost that
     * excuse by raising its price again before the draw, and was slashed 16.3 POQ for absence. On v3 the
     * draw reads the prices of its epoch's snapshot: the miner priced out at the submit is not drawn,
     * whatever it declares afterwards, and loses nothing. Fails on v2, passes on v3.
     */
    @Test
    void priceRedeclarationTrapRaisingAPriceAfterTheSubmitCostsNothing() {
        try (ProtocolFixture f = ProtocolFixture.start(4, 3, params())) {
            PoqSession dear = f.miners().get(3);
            dear.setMinPrice(TokenAmount.ofTokens(5)); // above the 2.33 POQ a 10 POQ, k=3 task pays a miner
            TokenAmount stake = f.network().node(dear.address()).stake();
            TaskId id = f.requester().submitTaskUndrawn(f.request(3, 3, FEE));
            new RawTx(f.chain()).call(ProtocolFixture.credentialsOf(dear.address()),
                    f.network().descriptor().contracts().registry(), "setMinPrice",
                    List.of(new Uint256(TokenAmount.ofTokens(6).wei()))); // re-declared after the submit
            f.requester().awaitDraw(id);
            TaskState t = f.network().task(id);
            assertThat(t.miners()).doesNotContain(dear.address());
            for (String m : t.miners()) f.commitAnswer(id, m, GOOD);
            for (String m : t.miners()) f.revealAnswer(id, m, GOOD);
            for (String v : t.validators()) f.commitScores(id, v, new int[] {8000, 8000, 8000});
            for (String v : t.validators()) f.revealScores(id, v, new int[] {8000, 8000, 8000});
            assertThat(f.network().task(id).isFinalized()).isTrue();
            assertThat(f.network().node(dear.address()).stake()).as("not slashed").isEqualTo(stake);
        }
    }

    /**
     * Attack 7, treasury re-rolls. On v2 expired fees and slashes went to the treasury, and `poq deploy`
     * made the deployer the treasury: a requester that was both let unwanted draws expire and got its fee
     * back. On v3 there is no treasury: the deployer's expired task costs it the whole fee, which is
     * burned, and a slash is burned too; no account's balance rises from either. Fails on v2, passes on v3.
     */
    @Test
    void treasuryRerollsExpiredFeesAndSlashesAreBurnedNotPaidToTheDeployer() {
        try (ProtocolFixture f = ProtocolFixture.start(3, 3, params())) {
            PoqSession deployer = f.governor();
            String bystander = f.bystander();
            TokenAmount deployerBefore = deployer.network().poqBalance(deployer.address());
            TokenAmount bystanderBefore = f.network().poqBalance(bystander);
            TokenAmount supply = f.network().poqTotalSupply();
            TaskId walkedAway = deployer.submitTaskUndrawn(f.request(3, 3, FEE));
            f.mine(300);
            f.validators().get(0).advance(walkedAway);
            assertThat(f.network().task(walkedAway).isFinalized()).isTrue();
            assertThat(f.network().poqBalance(deployer.address())).as("the deployer-requester lost the fee")
                    .isEqualTo(deployerBefore.minus(FEE));
            assertThat(f.network().poqTotalSupply()).as("burned").isEqualTo(supply.minus(FEE));

            Round.Outcome absent = new Round(f, f.request(3, 3, FEE)).answer(0, GOOD).answer(1, GOOD)
                    .scores((v, a) -> a.stream().mapToInt(x -> x == null ? 0 : 8000).toArray()).run();
            TokenAmount slashed = absent.all(TaskEvent.Penalized.class).stream().map(TaskEvent.Penalized::slashed)
                    .reduce(TokenAmount.ZERO, TokenAmount::plus);
            assertThat(slashed).isGreaterThan(TokenAmount.ZERO);
            assertThat(f.network().poqTotalSupply()).as("the slash is burned").isEqualTo(supply.minus(FEE).minus(slashed));
            assertThat(f.network().poqBalance(deployer.address())).isEqualTo(deployerBefore.minus(FEE));
            assertThat(f.network().poqBalance(bystander)).isEqualTo(bystanderBefore);
        }
    }
}
