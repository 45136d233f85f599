package org.poq.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.poq.core.TaskId;
import org.poq.network.Commitments;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import java.util.function.Function;

/**
 * A validator that never runs the evaluator (attack 10 of issue 22), next to four honest validators of the same
 * stake, all five drawn in every round (the adversary's best case: its falling weight never costs it a draw), in
 * tasks of three answers that are all good (the quality model's honest answers). The constant reporter gives
 * every answer 8,500; the copier gives the previous task's consensus, public on chain. Under v3 the figures are
 * what the contracts paid; under {@link Rules#V1} they are what the earlier rule (pay weight 2 x tolerance - d
 * within the tolerance) pays for the very same reveals, computed from them: both rules play one seed.
 */
final class LazyValidator {
    static final int CONSTANT_SCORE = 8_500;
    private static final int K = 3;
    private static final int HONEST_VALIDATORS = 4;

    private LazyValidator() {
    }

    static AttackResult play(SimChain chain, ProtocolParams params, QualityModel quality, long seed, Attack attack,
                             Rules rules, int rounds) {
        try (SimChain.Arena a = chain.arena(params)) {
            PoqNetwork net = a.network();
            for (int i = 0; i < K; i++) a.miner(SimChain.FAMILY);
            List<String> honest = new ArrayList<>();
            for (int i = 0; i < HONEST_VALIDATORS; i++) honest.add(a.validator().address());
            String lazy = a.validator().address();
            Random random = new Random(seed * 31 + attack.ordinal());
            TaskRequest request = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, K, HONEST_VALIDATORS + 1,
                    64, SimRound.FEE);
            Map<String, BigInteger> onChain = new HashMap<>();
            Map<String, BigInteger> earlierRule = new HashMap<>();
            int[] previous = constant();
            int trustBefore = net.node(lazy).trust();
            for (int r = 0; r < rounds; r++) {
                int[] copy = previous;
                Map<String, int[]> reveals = new HashMap<>();
                RoundDriver.Flows flows = playOne(a, request, quality, random,
                        v -> v.equalsIgnoreCase(lazy) ? (attack == Attack.LAZY_CONSTANT ? constant() : copy) : null, reveals);
                flows.rewards().forEach((n, w) -> onChain.merge(n, w, BigInteger::add));
                flows.slashes().forEach((n, w) -> onChain.merge(n, w.negate(), BigInteger::add));
                earlierRulePay(reveals, flows.consensus(), params, SimRound.FEE.wei()).forEach((n, w) -> earlierRule.merge(n, w, BigInteger::add));
                previous = flows.consensus().stream().mapToInt(Integer::intValue).toArray();
            }
            Map<String, BigInteger> paid = rules == Rules.V2 ? onChain : earlierRule;
            double honestRate = honest.stream().mapToDouble(h -> rate(paid, h, rounds)).average().orElse(0);
            double lazyRate = rate(paid, lazy, rounds);
            int honestTrust = (int) honest.stream().mapToInt(h -> net.node(h).trust()).average().orElse(0);
            String how = rules == Rules.V2
                    ? String.format(Locale.ROOT, "%.0f%% of an honest validator's pay; its trust went %.2f -> %.2f against the honest "
                            + "validators' %.2f, so its draw weight is %.0f%% of theirs", 100 * lazyRate / honestRate, trustBefore / 10_000.0,
                            net.node(lazy).trust() / 10_000.0, honestTrust / 10_000.0, 100.0 * net.node(lazy).trust() / honestTrust)
                    : String.format(Locale.ROOT, "%.0f%% of an honest validator's pay for the same reveals (computed from them)",
                            100 * lazyRate / honestRate);
            return new AttackResult(attack, rules, rounds, honestRate, lazyRate, how);
        }
    }

    private static int[] constant() {
        int[] out = new int[K];
        Arrays.fill(out, CONSTANT_SCORE);
        return out;
    }

    /** One task in which every miner answers well; honest validators score with the quality model, the lazy one as told. */
    private static RoundDriver.Flows playOne(SimChain.Arena a, TaskRequest request, QualityModel quality, Random random,
                                             Function<String, int[]> lazy, Map<String, int[]> reveals) {
        PoqNetwork net = a.network();
        long from = net.blockNumber() + 1;
        TaskId id = a.requester().submitTask(request);
        TaskState t = net.task(id);
        double[] truth = new double[K];
        byte[][] answerSalts = new byte[K][];
        for (int i = 0; i < K; i++) {
            String miner = t.miners().get(i);
            answerSalts[i] = Commitments.newSalt();
            a.session(miner).commitAnswer(id, Commitments.answer(id, miner, answer(i), answerSalts[i]));
            truth[i] = quality.quality(MinerStrategy.HONEST, random);
        }
        for (int i = 0; i < K; i++) a.session(t.miners().get(i)).revealAnswer(id, answer(i), answerSalts[i]);
        Map<String, byte[]> salts = new HashMap<>();
        for (String v : t.validators()) {
            int[] scores = lazy.apply(v);
            if (scores == null) {
                scores = new int[K];
                for (int i = 0; i < K; i++) scores[i] = quality.honestScore(truth[i], random);
            }
            salts.put(v, Commitments.newSalt());
            reveals.put(v, scores);
            a.session(v).commitScores(id, Commitments.scores(id, v, scores, salts.get(v)));
        }
        for (String v : t.validators()) a.session(v).revealScores(id, reveals.get(v), salts.get(v));
        RoundDriver.finish(net, a.requester(), id);
        return RoundDriver.flows(net, id, from);
    }

    private static String answer(int miner) {
        return AttackTask.ANSWER + " (" + miner + ")";
    }

    /**
     * The validators' pay under the earlier rule for these reveals: mean absolute deviation d from the consensus,
     * weight 2 x tolerance - d while d <= tolerance, the pool shared by weight (the counterfactual of {@link Rules#V1}).
     */
    static Map<String, BigInteger> earlierRulePay(Map<String, int[]> reveals, List<Integer> consensus, ProtocolParams params,
                                                  BigInteger fee) {
        BigInteger pool = fee.subtract(fee.multiply(BigInteger.valueOf(params.minerShareBps())).divide(BigInteger.valueOf(10_000)));
        Map<String, Long> weights = new HashMap<>();
        long sum = 0;
        for (Map.Entry<String, int[]> e : reveals.entrySet()) {
            long total = 0;
            for (int i = 0; i < consensus.size(); i++) total += Math.abs(e.getValue()[i] - consensus.get(i));
            long d = total / consensus.size();
            long w = d <= params.tolerance() ? 2L * params.tolerance() - d : 0;
            weights.put(e.getKey().toLowerCase(), w);
            sum += w;
        }
        Map<String, BigInteger> out = new HashMap<>();
        for (Map.Entry<String, Long> e : weights.entrySet()) {
            if (sum > 0) out.put(e.getKey(), pool.multiply(BigInteger.valueOf(e.getValue())).divide(BigInteger.valueOf(sum)));
        }
        return out;
    }

    private static double rate(Map<String, BigInteger> paid, String node, int rounds) {
        BigInteger wei = paid.getOrDefault(node.toLowerCase(), BigInteger.ZERO);
        return AttackTask.Ledger.poq(wei) * 1_000 / AttackTask.Ledger.poq(SimChain.STAKE.wei()) / rounds;
    }
}
