package org.poq.network;

import org.poq.network.chain.TransactionRevertedException;
import org.poq.network.events.PenaltyReason;
import org.poq.network.events.TaskPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.Round;

/**
 * The properties PROTOCOL.md requires, each as its own test, on a real anvil node. Honest
 * validators score an answer by its quality (a fixed table standing in for the evaluator, which is
 * tested in its own module); the dishonest strategies are played out against them.
 */
class ProtocolPropertiesTest {
    static ProtocolFixture f;
    static final TokenAmount FEE = TokenAmount.ofTokens(100);
    static final String GOOD = "Paris is the capital of France.";

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(3, 7);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** What an honest evaluator says of an answer; honest validators add a little hardware noise. */
    static int quality(String answer) {
        if (answer == null) return 0;
        if (answer.isEmpty()) return 300;
        if (answer.contains("Paris")) return 9000;
        if (answer.contains("Berlin")) return 2500; // fluent, on topic, wrong
        return 800; // random or off-topic text
    }

    static int[] honest(int validator, List<String> answers) {
        return answers.stream().mapToInt(a -> Math.min(10_000, quality(a) + (validator % 3) * 7)).toArray();
    }

    @Test
    void honestMinerEarnsMoreThanLazyMiner() {
        String[] lazy = {"", "xq zzv lorem 8812 blorp", "Bananas are rich in potassium.", "Berlin is the capital of France."};
        for (String lazyAnswer : lazy) {
            Round.Outcome o = new Round(f, f.request(3, 5, FEE))
                    .answer(0, GOOD).answer(1, GOOD + " ").answer(2, lazyAnswer)
                    .scores(ProtocolPropertiesTest::honest).run();
            List<String> miners = o.state().miners();
            assertThat(o.rewardOf(miners.get(0))).as("honest vs '%s'", lazyAnswer).isGreaterThan(o.rewardOf(miners.get(2)));
            assertThat(o.rewardOf(miners.get(2))).as("an answer below the quality floor earns nothing").isEqualTo(TokenAmount.ZERO);
        }
    }

    @Test
    void copiedAnswerCannotBeRevealedBecauseTheCommitmentBindsTheMiner() {
        TaskId id = f.requester().submitTask(f.request(3, 5, FEE));
        TaskState t = f.network().task(id);
        String honest = t.miners().get(0);
        String copier = t.miners().get(1);
        byte[] salt = Commitments.newSalt();
        byte[] honestCommitment = Commitments.answer(id, honest, GOOD, salt);
        f.sessionOf(honest).commitAnswer(id, honestCommitment);
        // the copier sees only the commitment and copies it; it can never open it as its own
        f.sessionOf(copier).commitAnswer(id, honestCommitment);
        f.commitAnswer(id, t.miners().get(2), "Paris.");
        f.sessionOf(honest).revealAnswer(id, GOOD, salt);
        assertThatThrownBy(() -> f.sessionOf(copier).revealAnswer(id, GOOD, salt))
                .isInstanceOf(TransactionRevertedException.class).hasMessageContaining("does not match the commitment");
    }

    @Test
    void randomValidatorEarnsLessAndIsSlashed() {
        Random random = new Random(7);
        assertDishonestValidatorLoses((v, answers) -> v == 4
                ? answers.stream().mapToInt(a -> random.nextInt(10_001)).toArray() : honest(v, answers), 4, true);
    }

    @Test
    void constantValidatorEarnsLessAndIsSlashedWhenFarFromConsensus() {
        assertDishonestValidatorLoses((v, answers) -> v == 2
                ? answers.stream().mapToInt(a -> 5000).toArray() : honest(v, answers), 2, true);
    }

    @Test
    void copyingValidatorCannotCopyBeforeRevealAndIsPenalizedForTrying() {
        TaskId id = f.requester().submitTask(f.request(3, 5, FEE));
        TaskState t = f.network().task(id);
        for (int i = 0; i < 3; i++) f.commitAnswer(id, t.miners().get(i), GOOD);
        for (int i = 0; i < 3; i++) f.revealAnswer(id, t.miners().get(i), GOOD);
        List<String> answers = List.of(GOOD, GOOD, GOOD);
        String copier = t.validators().get(4);
        for (int j = 0; j < 4; j++) f.commitScores(id, t.validators().get(j), honest(j, answers));
        // copying the commitment is useless: it binds the original validator's address
        byte[] salt = Commitments.newSalt();
        int[] copied = honest(0, answers);
        assertThat(Commitments.scores(id, copier, copied, salt)).isNotEqualTo(Commitments.scores(id, t.validators().get(0), copied, salt));
        // waiting to see the others' reveals is too late: reveals open only when the commit phase has closed
        f.increaseTime(61);
        f.requester().advance(id);
        for (int j = 0; j < 4; j++) f.revealScores(id, t.validators().get(j), honest(j, answers));
        assertThatThrownBy(() -> f.commitScores(id, copier, copied))
                .isInstanceOf(TransactionRevertedException.class).hasMessageContaining("not in the score-commit phase");
        f.increaseTime(61);
        TaskEvent.Finalized fin = finalizedOf(id);
        assertThat(fin).isNotNull();
        List<TaskEvent> events = eventsOf(id);
        assertThat(events).anyMatch(e -> e instanceof TaskEvent.Penalized p && p.node().equalsIgnoreCase(copier)
                && p.reason() == PenaltyReason.ABSENT);
        assertThat(events).noneMatch(e -> e instanceof TaskEvent.Rewarded r && r.node().equalsIgnoreCase(copier));
    }

    @Test
    void colludingMinorityCannotMoveConsensusOutsideHonestRange() {
        Random random = new Random(11);
        for (int trial = 0; trial < 3; trial++) {
            int m = 5;
            int colluders = 2; // fewer than half of m
            int[][] given = new int[m][];
            Round.Outcome o = new Round(f, f.request(3, m, FEE))
                    .answer(0, GOOD).answer(1, "Berlin is the capital of France.").answer(2, "")
                    .scores((v, answers) -> {
                        int[] s;
                        if (v < colluders) {
                            s = new int[] {0, 10_000, 10_000}; // boost miner 1 and 2, sink miner 0
                        } else {
                            s = answers.stream().mapToInt(a -> Math.max(0, Math.min(10_000, quality(a) + random.nextInt(401) - 200))).toArray();
                        }
                        given[v] = s;
                        return s;
                    }).run();
            for (int answer = 0; answer < 3; answer++) {
                int a = answer;
                int lo = Arrays.stream(given, colluders, m).mapToInt(s -> s[a]).min().orElseThrow();
                int hi = Arrays.stream(given, colluders, m).mapToInt(s -> s[a]).max().orElseThrow();
                assertThat(o.finalized().consensus().get(answer)).as("answer %d, trial %d", answer, trial).isBetween(lo, hi);
            }
            for (int v = 0; v < colluders; v++) {
                assertThat(o.penalized(o.state().validators().get(v))).as("colluder %d is slashed", v).isTrue();
            }
        }
    }

    @Test
    void withheldRevealsFinishByDeadlineAndArePenalized() {
        java.util.Map<String, Integer> trustBefore = new java.util.HashMap<>();
        f.miners().forEach(m -> trustBefore.put(m.address().toLowerCase(), f.network().node(m.address()).trust()));
        Round.Outcome o = new Round(f, f.request(3, 5, FEE))
                .answer(0, GOOD).answer(1, GOOD).answer(2, GOOD)
                .minerCommitsButWithholds(1)
                .validatorWithholds(3)
                .validatorAbsent(4)
                .scores(ProtocolPropertiesTest::honest).run();
        assertThat(o.state().phase()).isEqualTo(TaskPhase.FINALIZED);
        List<String> ms = o.state().miners();
        List<String> vs = o.state().validators();
        assertThat(penalty(o, ms.get(1))).isEqualTo(PenaltyReason.NO_REVEAL);
        assertThat(penalty(o, vs.get(3))).isEqualTo(PenaltyReason.NO_REVEAL);
        assertThat(penalty(o, vs.get(4))).isEqualTo(PenaltyReason.ABSENT);
        assertThat(o.slashOf(ms.get(1))).isGreaterThan(o.slashOf(vs.get(4))).as("withholding costs more than absence");
        assertThat(o.rewardOf(ms.get(0))).isGreaterThan(TokenAmount.ZERO);
        assertThat(f.network().node(ms.get(1)).trust()).as("the withholder loses trust")
                .isLessThan(trustBefore.get(ms.get(1).toLowerCase()));
    }

    @Test
    void aTaskNobodyAnswersIsRefundedAfterTheDeadline() {
        TokenAmount before = f.network().poqBalance(f.requester().address());
        Round.Outcome o = new Round(f, f.request(3, 5, FEE)).run();
        assertThat(o.finalized().refund()).isEqualTo(FEE);
        assertThat(f.network().poqBalance(f.requester().address())).isEqualTo(before);
        assertThat(o.all(TaskEvent.Penalized.class)).hasSize(3).allMatch(p -> p.reason() == PenaltyReason.ABSENT);
    }

    @Test
    void requesterCannotChooseTheSelection() {
        // 1. a requester that is itself a registered miner with a huge stake is never drawn
        PoqSession whale = f.addMiner(ProtocolFixture.FAMILY, TokenAmount.ofTokens(50_000));
        f.governor().transferPoq(whale.address(), TokenAmount.ofTokens(1_000));
        List<List<String>> draws = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TaskId id = whale.submitTask(f.request(3, 5, FEE));
            TaskState t = f.network().task(id);
            assertThat(t.miners()).doesNotContain(whale.address());
            // 2. the draw is the public function of the stored seed: anyone recomputes it
            PoqNetwork.Selection again = f.network().recomputeSelection(id, ProtocolFixture.FAMILY);
            assertThat(again.miners()).containsExactlyElementsOf(t.miners());
            assertThat(again.validators()).containsExactlyElementsOf(t.validators());
            draws.add(t.validators());
            f.increaseTime(61);
            f.requester().advance(id);
        }
        // 3. identical submissions get fresh seeds: nothing the requester passes picks the draw
        assertThat(draws.stream().distinct().count()).isGreaterThan(1);
        // 4. selected nodes cannot change it after the fact: a stake change leaves the stored draw alone
        TaskId id = f.requester().submitTask(f.request(3, 5, FEE));
        List<String> before = f.network().task(id).validators();
        f.validators().get(0).addStake(TokenAmount.ofTokens(50_000));
        assertThat(f.network().task(id).validators()).containsExactlyElementsOf(before);
        assertThat(f.network().recomputeSelection(id, ProtocolFixture.FAMILY).validators()).containsExactlyElementsOf(before);
        f.increaseTime(61);
        f.requester().advance(id);
        whale.requestUnstake(f.network().node(whale.address()).stake());
        f.miners().remove(whale);
    }

    private static void assertDishonestValidatorLoses(java.util.function.BiFunction<Integer, List<String>, int[]> scorer,
                                                      int cheater, boolean slashed) {
        java.util.Map<String, Integer> trustBefore = new java.util.HashMap<>();
        f.validators().forEach(v -> trustBefore.put(v.address().toLowerCase(), f.network().node(v.address()).trust()));
        Round.Outcome o = new Round(f, f.request(3, 5, FEE))
                .answer(0, GOOD).answer(1, "Berlin is the capital of France.").answer(2, "")
                .scores(scorer).run();
        String bad = o.state().validators().get(cheater);
        String good = o.state().validators().get(cheater == 0 ? 1 : 0);
        assertThat(o.rewardOf(good)).isGreaterThan(o.rewardOf(bad));
        assertThat(o.penalized(bad)).isEqualTo(slashed);
        assertThat(penalty(o, bad)).isEqualTo(PenaltyReason.DEVIATION);
        assertThat(f.network().node(bad).trust()).as("the cheater loses trust").isLessThan(trustBefore.get(bad.toLowerCase()));
        assertThat(f.network().node(good).trust()).as("the honest one does not").isGreaterThanOrEqualTo(trustBefore.get(good.toLowerCase()));
    }

    private static PenaltyReason penalty(Round.Outcome o, String node) {
        return o.all(TaskEvent.Penalized.class).stream().filter(p -> p.node().equalsIgnoreCase(node))
                .map(TaskEvent.Penalized::reason).findFirst().orElse(PenaltyReason.NONE);
    }

    private static List<TaskEvent> eventsOf(TaskId id) {
        return f.network().events(f.network().descriptor().deployBlock(), f.network().blockNumber()).stream()
                .filter(e -> e.taskId().equals(id)).toList();
    }

    private static TaskEvent.Finalized finalizedOf(TaskId id) {
        if (!f.network().task(id).isFinalized()) {
            f.requester().advance(id);
        }
        return eventsOf(id).stream().filter(e -> e instanceof TaskEvent.Finalized).map(e -> (TaskEvent.Finalized) e)
                .findFirst().orElse(null);
    }
}
