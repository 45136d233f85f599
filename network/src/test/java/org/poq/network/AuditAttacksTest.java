package org.poq.network;

import org.poq.network.events.Audit;
import org.poq.network.events.PenaltyReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;

/**
 * Proof of model on chain (docs/decisions/0043): validators reveal an audit per answer with their
 * scores, under one commitment; more than half of the task's m validators decide an answer's audit;
 * a failed answer earns nothing and its miner is slashed (burned); an audit against the decided
 * majority is a deviation. Each test is an attack, and asserts who is paid, in tokens.
 *
 * <p>The verdicts here are what the validators' replays say (the replay itself is tested in the miner
 * module: ReplayAuditTest); this class tests what the market does with them.
 */
class AuditAttacksTest {
    static ProtocolFixture f;
    static final TokenAmount FEE = TokenAmount.ofTokens(100);
    static final String HONEST = "Paris is the capital of France, on the Seine.";
    /** A text scorer likes it: every word the question's answer would use, no sentence. */
    static final String KEYWORDS = "Paris capital France city Seine Louvre Eiffel government capital Paris";
    static final int[] HONEST_TOKENS = {412, 318, 262, 3139, 286, 4881, 11, 319, 262, 1001, 293, 13, 198, 50, 51, 52};
    static final Audit PASS = new Audit(Audit.Verdict.PASS, 0);
    static final Audit FAIL = new Audit(Audit.Verdict.FAIL, 15);

    /** Validator j's audit of answer i, given what answer i is. */
    interface Auditor {
        Audit audit(int validator, int answer, String text);
    }

    /** What honest validators holding the model say: the honest answer passes, anything else fails. */
    static final Auditor REPLAY = (v, i, text) -> HONEST.equals(text) ? PASS : FAIL;

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(3, 5);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    record Result(TaskId id, List<String> miners, List<String> validators, Map<String, TokenAmount> gained,
                  Map<String, TokenAmount> stakeLost, Map<String, TokenAmount> stakeBefore, List<TaskEvent> events) {
        /** The failed-answer slash: noRevealSlashBps of the stake the node held when the round began. */
        TokenAmount slashOf(String node) {
            return bps(stakeBefore.get(node), f.network().descriptor().params().noRevealSlashBps());
        }

        TokenAmount gained(String node) {
            return gained.get(node);
        }

        TokenAmount stakeLost(String node) {
            return stakeLost.get(node);
        }

        boolean penalized(String node, PenaltyReason reason) {
            return events.stream().filter(e -> e instanceof TaskEvent.Penalized).map(e -> (TaskEvent.Penalized) e)
                    .anyMatch(p -> p.node().equalsIgnoreCase(node) && p.reason() == reason);
        }
    }

    /** One k = 3, m = 5 round: every miner answers (with its tokens), every validator scores 9000 and audits. */
    static Result round(List<String> answers, Auditor auditor) {
        long from = f.network().blockNumber() + 1;
        TaskId id = f.requester().submitTask(f.request(3, 5, FEE));
        TaskState t = f.network().task(id);
        List<String> everyone = new java.util.ArrayList<>(t.miners());
        everyone.addAll(t.validators());
        Map<String, TokenAmount> before = new HashMap<>();
        Map<String, TokenAmount> stakeBefore = new HashMap<>();
        for (String n : everyone) {
            before.put(n, f.network().poqBalance(n));
            stakeBefore.put(n, f.network().node(n).stake());
        }
        for (int i = 0; i < 3; i++) f.commitAnswer(id, t.miners().get(i), answers.get(i));
        for (int i = 0; i < 3; i++) f.revealAnswer(id, t.miners().get(i), answers.get(i), HONEST_TOKENS);
        int[] scores = {9000, 9000, 9000}; // a text scorer cannot tell them apart: the audit must
        Map<Integer, int[]> audits = new HashMap<>();
        for (int j = 0; j < 5; j++) {
            int[] a = new int[3];
            for (int i = 0; i < 3; i++) a[i] = auditor.audit(j, i, answers.get(i)).encode();
            audits.put(j, a);
            f.commitScores(id, t.validators().get(j), scores, a);
        }
        for (int j = 0; j < 5; j++) f.revealScores(id, t.validators().get(j), scores, audits.get(j));
        assertThat(f.network().task(id).isFinalized()).as("the last reveal finalizes").isTrue();
        Map<String, TokenAmount> gained = new HashMap<>();
        Map<String, TokenAmount> lost = new HashMap<>();
        for (String n : everyone) {
            gained.put(n, f.network().poqBalance(n).minus(before.get(n)));
            lost.put(n, stakeBefore.get(n).minus(f.network().node(n).stake()));
        }
        List<TaskEvent> events = f.network().events(from, f.network().blockNumber()).stream()
                .filter(e -> e.taskId().equals(id)).toList();
        return new Result(id, t.miners(), t.validators(), gained, lost, stakeBefore, events);
    }

    static TokenAmount bps(TokenAmount a, int bps) {
        return TokenAmount.ofWei(a.wei().multiply(java.math.BigInteger.valueOf(bps)).divide(java.math.BigInteger.valueOf(10_000)));
    }

    @Test
    void keywordListAnswerIsPaidNothingAndItsMinerIsSlashed() {
        Result r = round(List.of(HONEST, HONEST, KEYWORDS), REPLAY);
        String cheat = r.miners().get(2);
        assertThat(r.gained(cheat)).as("the keyword list earns nothing, though scored like the others")
                .isEqualTo(TokenAmount.ZERO);
        assertThat(r.stakeLost(cheat)).as("its miner loses 10% of its stake").isEqualTo(r.slashOf(cheat));
        assertThat(r.penalized(cheat, PenaltyReason.FAILED_AUDIT)).isTrue();
        TokenAmount minerPool = bps(FEE, f.network().descriptor().params().minerShareBps());
        assertThat(r.gained(r.miners().get(0)).plus(r.gained(r.miners().get(1))))
                .as("the honest miners share the whole miners' pool").isEqualTo(minerPool);
        for (String v : r.validators()) {
            assertThat(r.stakeLost(v)).as("no auditor is slashed").isEqualTo(TokenAmount.ZERO);
        }
        List<TaskEvent.ScoresRevealed> reveals = r.events().stream().filter(e -> e instanceof TaskEvent.ScoresRevealed)
                .map(e -> (TaskEvent.ScoresRevealed) e).toList();
        assertThat(reveals).hasSize(5).allSatisfy(e -> assertThat(e.audits()).containsExactly(PASS, PASS, FAIL));
        TaskEvent.AnswerRevealed revealed = r.events().stream().filter(e -> e instanceof TaskEvent.AnswerRevealed)
                .map(e -> (TaskEvent.AnswerRevealed) e).findFirst().orElseThrow();
        assertThat(revealed.tokens()).as("the reveal carries the drawn tokens to the auditors").containsExactly(HONEST_TOKENS);
    }

    /** Another weight set of the same shape under the family's name: text that reads well, tokens the model would not draw. */
    @Test
    void anotherWeightSetUnderTheFamilysNameIsPaidNothingAndSlashed() {
        String otherWeights = "Paris is the capital city of France and its largest city.";
        Result r = round(List.of(otherWeights, HONEST, HONEST), REPLAY);
        String cheat = r.miners().get(0);
        assertThat(r.gained(cheat)).isEqualTo(TokenAmount.ZERO);
        assertThat(r.stakeLost(cheat)).isEqualTo(r.slashOf(cheat));
        assertThat(r.gained(r.miners().get(1))).as("the honest miners are paid").isGreaterThan(TokenAmount.ZERO);
        assertThat(r.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskEvent.Finalized.class,
                fin -> assertThat(fin.consensus().get(0)).as("a failed answer's consensus is 0").isZero()));
    }

    @Test
    void colludingMinorityOfAuditorsCannotFailAnHonestAnswer() {
        // two of five validators fail the honest answer 0 (say, to lift a miner of theirs); three replay honestly
        Auditor collusion = (v, i, text) -> v < 2 && i == 0 ? FAIL : REPLAY.audit(v, i, text);
        Result r = round(List.of(HONEST, HONEST, HONEST), collusion);
        String victim = r.miners().get(0);
        assertThat(r.stakeLost(victim)).as("the honest miner is not slashed").isEqualTo(TokenAmount.ZERO);
        assertThat(r.gained(victim)).as("and is paid like the others").isEqualTo(r.gained(r.miners().get(1)));
        for (int j = 0; j < 2; j++) {
            String colluder = r.validators().get(j);
            assertThat(r.gained(colluder)).as("a colluder earns nothing").isEqualTo(TokenAmount.ZERO);
            assertThat(r.penalized(colluder, PenaltyReason.AUDIT_DEVIATION)).isTrue();
            assertThat(r.stakeLost(colluder)).as("and is slashed like a deviating validator").isGreaterThan(TokenAmount.ZERO);
        }
        assertThat(r.gained(r.validators().get(2))).as("the honest auditors are paid").isGreaterThan(TokenAmount.ZERO);
    }

    @Test
    void colludingMinorityCannotFailAnHonestAnswerWhenTheOthersDoNotHoldTheModel() {
        // the three others abstain (they do not hold the model): two FAILs are not a majority of m = 5
        Auditor collusion = (v, i, text) -> v < 2 && i == 0 ? FAIL : v < 2 ? PASS : Audit.ABSTAIN;
        Result r = round(List.of(HONEST, HONEST, HONEST), collusion);
        String victim = r.miners().get(0);
        assertThat(r.stakeLost(victim)).isEqualTo(TokenAmount.ZERO);
        assertThat(r.gained(victim)).as("undecided: paid by its score").isEqualTo(r.gained(r.miners().get(1)));
        assertThat(r.penalized(victim, PenaltyReason.FAILED_AUDIT)).isFalse();
    }

    @Test
    void lazyAuditorAbstainingEverywhereEarnsHalfOfAnAuditorAndIsNotSlashed() {
        Auditor lazy = (v, i, text) -> v == 4 ? Audit.ABSTAIN : REPLAY.audit(v, i, text);
        Result r = round(List.of(HONEST, HONEST, KEYWORDS), lazy);
        TokenAmount auditor = r.gained(r.validators().get(0));
        TokenAmount abstainer = r.gained(r.validators().get(4));
        assertThat(r.stakeLost(r.validators().get(4))).isEqualTo(TokenAmount.ZERO);
        assertThat(abstainer.plus(abstainer).wei().subtract(auditor.wei()).abs()).as("an agreeing audit doubles a "
                + "validator's weight: the abstainer gets half of an auditor's pay (to a wei of rounding)")
                .isLessThanOrEqualTo(java.math.BigInteger.TWO);
        assertThat(abstainer).isGreaterThan(TokenAmount.ZERO);
        assertThat(r.stakeLost(r.miners().get(2))).as("four auditors still decide").isGreaterThan(TokenAmount.ZERO);
    }

    @Test
    void lazyAuditorPassingWithoutReplayingIsSlashedWhenACheatAppears() {
        Auditor lazy = (v, i, text) -> v == 4 ? PASS : REPLAY.audit(v, i, text);
        Result honestRound = round(List.of(HONEST, HONEST, HONEST), lazy);
        assertThat(honestRound.gained(honestRound.validators().get(4)))
                .as("among honest answers a blind PASS is not caught: it earns like an auditor")
                .isEqualTo(honestRound.gained(honestRound.validators().get(0)));
        Result cheatRound = round(List.of(HONEST, KEYWORDS, HONEST), lazy);
        String blind = cheatRound.validators().get(4);
        assertThat(cheatRound.gained(blind)).as("passing the keyword list earns nothing").isEqualTo(TokenAmount.ZERO);
        assertThat(cheatRound.penalized(blind, PenaltyReason.AUDIT_DEVIATION)).isTrue();
        assertThat(cheatRound.stakeLost(blind)).as("and costs more than an honest round pays")
                .isGreaterThan(honestRound.gained(honestRound.validators().get(4)));
    }
}
