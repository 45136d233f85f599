package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;

/**
 * Attack 10 of issue 22, lazy validators, on anvil. When most answers are good their scores sit close
 * together, so a validator that never runs the evaluator and reports 8,500 for everything, or copies the
 * previous task's consensus, lands near the median anyway. On v2 (pay weight 2 x tolerance - d, trust
 * agreement 1 - d / 5,000) the review measured them at 81% and 66% of an honest validator's reward, never
 * slashed. On v3 (decision 0046) pay weight is (tolerance - d)^2 and trust follows the same factor squared:
 * honest validators running the same deterministic evaluator (d of 0 to 14) keep their whole share, the
 * lazy ones earn a fraction of it and their trust and weight sink. Fails on v2, passes on v3.
 */
class LazyValidatorAttackTest {
    private static final TokenAmount FEE = TokenAmount.ofTokens(10);
    private static final int K = 3;
    private static final int M = 5;
    private static final int LAZY_CONSTANT = 8_500;
    /** The largest gap between honest validators running one evaluator that any run measured (docs/decisions/0027). */
    private static final int[] HONEST_OFFSETS = {0, 1, -14, 14, -1};
    private static final List<String> ANSWERS = List.of("Paris is the capital of France.",
            "The capital of France is Paris.", "France's capital city is Paris, on the Seine.");

    private static ProtocolParams params() {
        return ProtocolParams.defaults().withWindows(60, 60);
    }

    /**
     * Five validators of equal stake build trust honestly for 8 tasks; then one reports 8,500 for every
     * answer and one copies the previous task's consensus, for 20 tasks whose answers are all good
     * (8,500 ± 500, as the review played it). Money: each lazy one earns under half (constant) and under
     * a third (copier) of what an honest validator of the same stake earns in those tasks, and neither
     * share is refunded: it goes to the task's honest validators. Trust: each lazy one falls from where
     * honest work had put it to under half of an honest validator's, and its draw weight with it.
     */
    @Test
    void lazyValidatorsEarnFarLessThanAnHonestOneAndSinkInTrustWhenMostAnswersAreGood() {
        try (ProtocolFixture f = ProtocolFixture.start(K, M, params())) {
            List<String> vs = f.validators().stream().map(PoqSession::address).toList();
            String constant = vs.get(3);
            String copier = vs.get(4);
            List<String> honest = vs.subList(0, 3);
            Random random = new Random(22);
            Tasks tasks = new Tasks(f, random);
            for (int i = 0; i < 8; i++) tasks.play(v -> null);
            int constantBefore = f.network().node(constant).trust();
            int copierBefore = f.network().node(copier).trust();
            assertThat(constantBefore).as("honest work raised it above the start").isGreaterThan(10_000);

            Map<String, BigInteger> earned = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                List<Integer> previous = tasks.lastConsensus();
                tasks.play(v -> v.equalsIgnoreCase(constant) ? constantScores()
                        : v.equalsIgnoreCase(copier) ? previous.stream().mapToInt(Integer::intValue).toArray() : null)
                        .forEach((node, wei) -> earned.merge(node, wei, BigInteger::add));
            }
            double honestMean = honest.stream().mapToDouble(h -> poq(earned.get(h.toLowerCase()))).average().orElseThrow();
            double constantPoq = poq(earned.getOrDefault(constant.toLowerCase(), BigInteger.ZERO));
            double copierPoq = poq(earned.getOrDefault(copier.toLowerCase(), BigInteger.ZERO));
            assertThat(honestMean).as("an honest validator's pay over 20 tasks of 3 POQ validator pool").isGreaterThan(20 * 3.0 / M);
            assertThat(constantPoq).as("the constant reporter against an honest validator of the same stake")
                    .isLessThan(0.5 * honestMean);
            assertThat(copierPoq).as("the consensus copier against an honest validator of the same stake")
                    .isLessThan(0.34 * honestMean);

            NodeInfo honestNode = f.network().node(honest.get(0));
            NodeInfo constantNode = f.network().node(constant);
            NodeInfo copierNode = f.network().node(copier);
            assertThat(constantNode.trust()).as("the constant reporter's trust fell").isLessThan(constantBefore / 2)
                    .isLessThan(honestNode.trust() / 2);
            assertThat(copierNode.trust()).as("the copier's trust fell").isLessThan(copierBefore / 2)
                    .isLessThan(honestNode.trust() / 2);
            assertThat(constantNode.weight()).as("so did its draw weight (equal stake)").isLessThan(honestNode.weight().shiftRight(1));
            assertThat(copierNode.weight()).isLessThan(honestNode.weight().shiftRight(1));
        }
    }

    /**
     * Honest validators are not the ones this costs: five of them a few points apart (0, ±1, ±14: the
     * largest honest gap ever measured) over 8 tasks are paid the whole validators' pool (nothing refunded
     * but rounding dust), each at least 97% of an equal fifth, and their trust rises every task.
     */
    @Test
    void honestValidatorsWithRealEvaluatorSpreadsLoseNothingMaterial() {
        try (ProtocolFixture f = ProtocolFixture.start(K, M, params())) {
            Tasks tasks = new Tasks(f, new Random(7));
            Map<String, Integer> trust = new HashMap<>();
            for (PoqSession v : f.validators()) trust.put(v.address(), f.network().node(v.address()).trust());
            BigInteger pool = FEE.wei().multiply(BigInteger.valueOf(10_000 - params().minerShareBps())).divide(BigInteger.valueOf(10_000));
            BigInteger fifth = pool.divide(BigInteger.valueOf(M));
            for (int i = 0; i < 8; i++) {
                Map<String, BigInteger> paid = tasks.play(v -> null);
                TaskEvent.Finalized fin = tasks.lastFinalized();
                assertThat(fin.validatorRewards().wei()).as("the whole pool, less rounding dust").isGreaterThan(pool.subtract(BigInteger.valueOf(M)));
                for (PoqSession v : f.validators()) {
                    BigInteger got = paid.getOrDefault(v.address().toLowerCase(), BigInteger.ZERO);
                    assertThat(got).as("validator %s in task %d", v.address(), i)
                            .isGreaterThan(fifth.multiply(BigInteger.valueOf(97)).divide(BigInteger.valueOf(100)));
                    int now = f.network().node(v.address()).trust();
                    assertThat(now).as("trust rises").isGreaterThan(trust.get(v.address()));
                    trust.put(v.address(), now);
                }
            }
        }
    }

    private static int[] constantScores() {
        int[] out = new int[K];
        java.util.Arrays.fill(out, LAZY_CONSTANT);
        return out;
    }

    private static double poq(BigInteger wei) {
        return new java.math.BigDecimal(wei).movePointLeft(18).doubleValue();
    }

    /**
     * Plays tasks of k = 3, m = 5 in which every miner answers well (true scores 8,500 ± 500, drawn per
     * answer) and each validator either scores them honestly (the true score plus its own offset of
     * {@link #HONEST_OFFSETS}) or gives what {@code lazy} says. Checks that each task conserves its fee.
     */
    private static final class Tasks {
        private final ProtocolFixture f;
        private final Random random;
        private TaskEvent.Finalized last;

        Tasks(ProtocolFixture f, Random random) {
            this.f = f;
            this.random = random;
        }

        /** @return what the task paid each node (lower-case address) */
        Map<String, BigInteger> play(Function<String, int[]> lazy) {
            long from = f.network().blockNumber() + 1;
            TaskId id = f.requester().submitTask(f.request(K, M, FEE));
            TaskState t = f.network().task(id);
            for (int i = 0; i < K; i++) f.commitAnswer(id, t.miners().get(i), ANSWERS.get(i));
            for (int i = 0; i < K; i++) f.revealAnswer(id, t.miners().get(i), ANSWERS.get(i));
            int[] truth = new int[K];
            for (int i = 0; i < K; i++) truth[i] = (int) Math.max(0, Math.min(10_000, Math.round(8_500 + 500 * random.nextGaussian())));
            List<int[]> given = new ArrayList<>();
            for (String v : t.validators()) {
                int[] scores = lazy.apply(v);
                if (scores == null) {
                    int offset = HONEST_OFFSETS[f.validators().stream().map(PoqSession::address).toList().indexOf(v)];
                    scores = new int[K];
                    for (int i = 0; i < K; i++) scores[i] = Math.max(0, Math.min(10_000, truth[i] + offset));
                }
                given.add(scores);
                f.commitScores(id, v, scores);
            }
            for (int j = 0; j < M; j++) f.revealScores(id, t.validators().get(j), given.get(j));
            Map<String, BigInteger> paid = new HashMap<>();
            for (TaskEvent e : f.network().events(from, f.network().blockNumber())) {
                if (!e.taskId().equals(id)) continue;
                if (e instanceof TaskEvent.Rewarded r) paid.merge(r.node().toLowerCase(), r.amount().wei(), BigInteger::add);
                if (e instanceof TaskEvent.Penalized p) throw new AssertionError("nobody deviates enough to be slashed here: " + p);
                if (e instanceof TaskEvent.Finalized fin) last = fin;
            }
            assertThat(last.taskId()).isEqualTo(id);
            assertThat(last.minerRewards().plus(last.validatorRewards()).plus(last.refund())).as("fee conserved").isEqualTo(FEE);
            assertThat(paid.values().stream().reduce(BigInteger.ZERO, BigInteger::add))
                    .isEqualTo(last.minerRewards().plus(last.validatorRewards()).wei());
            return paid;
        }

        TaskEvent.Finalized lastFinalized() {
            return last;
        }

        /** The consensus of the last task, as anyone reads it on chain; before any task, the lazy constant. */
        List<Integer> lastConsensus() {
            return last == null ? List.of(LAZY_CONSTANT, LAZY_CONSTANT, LAZY_CONSTANT) : last.consensus();
        }
    }
}
