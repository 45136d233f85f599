package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.PenaltyReason;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;

/**
 * Plays whole tasks on anvil in which every miner answers well (true scores 8,500 ± 500, drawn per answer)
 * and each validator either scores honestly (the true score plus its own offset, a few points: the spread of
 * one deterministic evaluator on different CPUs) or gives what a strategy says. Each task is checked to conserve
 * its fee; what it paid and slashed is returned per node, as the market's events say.
 */
final class ScoredRounds {
    /** The tasks both attack tests play: k = 3 answers, m = 5 validators, 10 POQ each. */
    static final int K = 3;
    static final int M = 5;
    static final TokenAmount FEE = TokenAmount.ofTokens(10);
    static final int LAZY_CONSTANT = 8_500;
    /** The largest gap between honest validators running one evaluator that any run measured (docs/decisions/0027). */
    static final int[] HONEST_OFFSETS = {0, 1, -14, 14, -1};
    private static final List<String> ANSWERS = List.of("Paris is the capital of France.",
            "The capital of France is Paris.", "France's capital city is Paris, on the Seine.", "Paris.",
            "It is Paris.");

    /** What one task did: pay and slashes by node (lower-case address), and why each node was penalized. */
    record Outcome(Map<String, BigInteger> paid, Map<String, BigInteger> slashed, Map<String, PenaltyReason> reasons,
                   TaskEvent.Finalized finalized) {
    }

    private final ProtocolFixture f;
    private final Random random;
    private TaskEvent.Finalized last;

    /** The protocol's defaults with commit and reveal windows of 60 s. */
    static ProtocolParams params() {
        return ProtocolParams.defaults().withWindows(60, 60);
    }

    /** A fresh anvil with the contracts, 3 miners and 5 validators of equal stake. */
    static ProtocolFixture start() {
        return ProtocolFixture.start(K, M, params());
    }

    /** Tasks on {@code f}; {@code seed} draws the answers' true scores. */
    ScoredRounds(ProtocolFixture f, long seed) {
        this.f = f;
        this.random = new Random(seed);
    }

    /**
     * One task; {@code strategy} gives a validator's scores, or null for honest ones (its offset is
     * {@link #HONEST_OFFSETS} at its index among the fixture's validators).
     */
    Outcome play(Function<String, int[]> strategy) {
        long from = f.network().blockNumber() + 1;
        TaskId id = f.requester().submitTask(f.request(K, M, FEE));
        TaskState t = f.network().task(id);
        for (int i = 0; i < K; i++) f.commitAnswer(id, t.miners().get(i), ANSWERS.get(i));
        for (int i = 0; i < K; i++) f.revealAnswer(id, t.miners().get(i), ANSWERS.get(i));
        int[] truth = new int[K];
        for (int i = 0; i < K; i++) truth[i] = clamp(Math.round(8_500 + 500 * random.nextGaussian()));
        List<String> all = f.validators().stream().map(PoqSession::address).toList();
        List<int[]> given = new ArrayList<>();
        for (String v : t.validators()) {
            int[] scores = strategy.apply(v);
            if (scores == null) {
                int offset = HONEST_OFFSETS[all.indexOf(v) % HONEST_OFFSETS.length];
                scores = new int[K];
                for (int i = 0; i < K; i++) scores[i] = clamp(truth[i] + offset);
            }
            given.add(scores);
            f.commitScores(id, v, scores);
        }
        for (int j = 0; j < M; j++) f.revealScores(id, t.validators().get(j), given.get(j));
        Map<String, BigInteger> paid = new HashMap<>();
        Map<String, BigInteger> slashed = new HashMap<>();
        Map<String, PenaltyReason> reasons = new HashMap<>();
        for (TaskEvent e : f.network().events(from, f.network().blockNumber())) {
            if (!e.taskId().equals(id)) continue;
            if (e instanceof TaskEvent.Rewarded r) paid.merge(r.node().toLowerCase(), r.amount().wei(), BigInteger::add);
            if (e instanceof TaskEvent.Penalized p) {
                slashed.merge(p.node().toLowerCase(), p.slashed().wei(), BigInteger::add);
                reasons.put(p.node().toLowerCase(), p.reason());
            }
            if (e instanceof TaskEvent.Finalized fin) last = fin;
        }
        assertThat(last.taskId()).isEqualTo(id);
        assertThat(last.minerRewards().plus(last.validatorRewards()).plus(last.refund())).as("fee conserved").isEqualTo(FEE);
        assertThat(paid.values().stream().reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(last.minerRewards().plus(last.validatorRewards()).wei());
        return new Outcome(paid, slashed, reasons, last);
    }

    /** The consensus of the last task, as anyone reads it on chain; before any task, the lazy constant. */
    int[] lastConsensus() {
        if (last == null) return constant(LAZY_CONSTANT);
        return last.consensus().stream().mapToInt(Integer::intValue).toArray();
    }

    int[] constant(int score) {
        int[] out = new int[K];
        Arrays.fill(out, score);
        return out;
    }

    private static int clamp(long score) {
        return (int) Math.max(0, Math.min(10_000, score));
    }
}
