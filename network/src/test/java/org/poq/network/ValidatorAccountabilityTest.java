package org.poq.network;

import org.poq.network.events.PenaltyReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.Round;

/**
 * Validators are accountable for every number of revealers (docs/decisions/0004): m >= 3, a verdict
 * needs a strict majority of the selected validators to reveal, and a median split between two
 * far-apart middle values gives no verdict instead of the mean. Each test fails on protocol v1 (m = 1
 * allowed; any number of revealers decided; an even count took the mean of the middle values, so one
 * liar against one honest validator dragged consensus outside the honest range and both were slashed
 * alike) and passes on v2.
 */
class ValidatorAccountabilityTest {
    static ProtocolFixture f;
    static final TokenAmount FEE = TokenAmount.ofTokens(100);
    static final String GOOD = ProtocolPropertiesTest.GOOD;
    static final String WRONG = "Berlin is the capital of France.";
    /** sinks the good answer and lifts the others: the liar's scores */
    static final int[] LIE = {0, 10_000, 10_000};

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(3, 5);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static Round round(int m) {
        return new Round(f, f.request(3, m, FEE)).answer(0, GOOD).answer(1, WRONG).answer(2, "");
    }

    /** m = 3 and one honest validator offline: one liar and one honest validator reveal. */
    @Test
    void oneLiarAgainstOneHonestRevealerGetsNoVerdictAndNobodyIsSlashedForDeviation() {
        Round.Outcome o = round(3).validatorAbsent(2)
                .scores((v, answers) -> v == 0 ? LIE : ProtocolPropertiesTest.honest(v, answers)).run();
        List<String> vs = o.state().validators();
        assertThat(o.finalized().refund()).as("no verdict: the requester gets the fee back").isEqualTo(FEE);
        assertThat(o.rewardOf(vs.get(0))).as("the liar gains nothing").isEqualTo(TokenAmount.ZERO);
        assertThat(o.penalized(vs.get(1))).as("the honest revealer is not slashed").isFalse();
        assertThat(o.penalized(vs.get(0))).as("nor is the liar: nobody can tell which of the two lied").isFalse();
        assertThat(penalty(o, vs.get(2))).as("the offline validator").isEqualTo(PenaltyReason.ABSENT);
        assertThat(o.finalized().consensus()).as("no consensus was published").containsOnly(0);
    }

    /** v1's sole-validator attack: a lone revealer (m = 1 on v1) was the median. */
    @Test
    void aLoneRevealerDecidesNothing() {
        Round.Outcome o = round(3).validatorAbsent(1).validatorAbsent(2)
                .scores((v, answers) -> LIE).run();
        List<String> vs = o.state().validators();
        assertThat(o.finalized().refund()).isEqualTo(FEE);
        assertThat(o.rewardOf(vs.get(0))).isEqualTo(TokenAmount.ZERO);
        for (String miner : o.state().miners()) {
            assertThat(o.penalized(miner)).as("miners that answered lose nothing").isFalse();
        }
        assertThat(penalty(o, vs.get(1))).isEqualTo(PenaltyReason.ABSENT);
        assertThat(penalty(o, vs.get(2))).isEqualTo(PenaltyReason.ABSENT);
    }

    /** m = 5, one honest validator offline: four revealers, one of them colluding. */
    @Test
    void colludingMinorityWithAnEvenNumberOfRevealersStaysInsideTheHonestRange() {
        Random random = new Random(5);
        int[][] given = new int[5][];
        Round.Outcome o = round(5).validatorAbsent(4).scores((v, answers) -> {
            given[v] = v == 0 ? LIE : answers.stream()
                    .mapToInt(a -> Math.max(0, Math.min(10_000, ProtocolPropertiesTest.quality(a) + random.nextInt(401) - 200))).toArray();
            return given[v];
        }).run();
        for (int answer = 0; answer < 3; answer++) {
            int a = answer;
            int lo = Arrays.stream(given, 1, 4).mapToInt(s -> s[a]).min().orElseThrow();
            int hi = Arrays.stream(given, 1, 4).mapToInt(s -> s[a]).max().orElseThrow();
            assertThat(o.finalized().consensus().get(answer)).as("answer %d", answer).isBetween(lo, hi);
        }
        List<String> vs = o.state().validators();
        assertThat(penalty(o, vs.get(0))).isEqualTo(PenaltyReason.DEVIATION);
        for (int v = 1; v < 4; v++) {
            assertThat(o.penalized(vs.get(v))).as("honest validator %d", v).isFalse();
            assertThat(o.rewardOf(vs.get(v))).isGreaterThan(TokenAmount.ZERO);
        }
        assertThat(penalty(o, vs.get(4))).isEqualTo(PenaltyReason.ABSENT);
    }

    /** m = 5, two colluders (a minority of the selected) and one honest validator offline: two against two. */
    @Test
    void colludingPairAgainstTwoHonestRevealersGetsNoVerdict() {
        Round.Outcome o = round(5).validatorAbsent(4)
                .scores((v, answers) -> v < 2 ? LIE : ProtocolPropertiesTest.honest(v, answers)).run();
        List<String> vs = o.state().validators();
        assertThat(o.finalized().refund()).isEqualTo(FEE);
        for (int v = 0; v < 4; v++) {
            assertThat(o.penalized(vs.get(v))).as("revealer %d", v).isFalse();
            assertThat(o.rewardOf(vs.get(v))).isEqualTo(TokenAmount.ZERO);
        }
        assertThat(o.all(TaskEvent.Rewarded.class)).isEmpty();
    }

    private static PenaltyReason penalty(Round.Outcome o, String node) {
        return o.all(TaskEvent.Penalized.class).stream().filter(p -> p.node().equalsIgnoreCase(node))
                .map(TaskEvent.Penalized::reason).findFirst().orElse(PenaltyReason.NONE);
    }
}
