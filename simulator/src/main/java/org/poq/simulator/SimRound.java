package org.poq.simulator;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.Commitments;
import org.poq.network.PoqNetwork;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.network.chain.TransactionRevertedException;

/**
 * Plays one task round on chain with every node following its strategy. Phases that the fast path does
 * not close (a copier never reveals, a copying validator never commits) are closed the way a live
 * network closes them: the deadline passes and someone calls advance().
 */
final class SimRound {
    static final String PROMPT = "What is the capital of France?";
    static final TokenAmount FEE = TokenAmount.ofTokens(100);

    private final Deployment d;
    private final QualityModel quality;
    private final Random random;
    private final int round;

    SimRound(Deployment d, QualityModel quality, Random random, int round) {
        this.d = d;
        this.quality = quality;
        this.random = random;
        this.round = round;
    }

    /** What one round paid and took, per node, and whether the copiers' attempts were refused by the contract. */
    record Outcome(Map<String, BigInteger> rewards, Map<String, BigInteger> slashes, List<Integer> consensus,
                   int copiesRefused) {
        BigInteger rewardOf(String node) {
            return rewards.getOrDefault(node.toLowerCase(), BigInteger.ZERO);
        }

        BigInteger slashOf(String node) {
            return slashes.getOrDefault(node.toLowerCase(), BigInteger.ZERO);
        }
    }

    Outcome play() {
        PoqNetwork net = d.network();
        long from = net.blockNumber() + 1;
        int m = d.validators().size();
        TaskId id = d.requester().submitTask(new TaskRequest(PROMPT, SimChain.FAMILY, SimChain.EVALUATOR,
                d.miners().size(), m, 256, FEE));
        TaskState task = net.task(id);
        List<String> miners = task.miners();
        List<String> validators = task.validators();
        int copiesRefused = 0;

        // answers: everyone with an answer commits; copiers then copy a commitment they have seen on chain
        String[] answers = new String[miners.size()];
        byte[][] salts = new byte[miners.size()][];
        byte[] copyable = null;
        int copiedFrom = -1;
        for (int i = 0; i < miners.size(); i++) {
            MinerStrategy s = d.minerStrategy(miners.get(i));
            answers[i] = s.answer(round, random);
            if (answers[i] == null) continue;
            salts[i] = Commitments.newSalt();
            byte[] commitment = Commitments.answer(id, miners.get(i), answers[i], salts[i]);
            d.session(miners.get(i)).commitAnswer(id, commitment);
            if (s == MinerStrategy.HONEST && copyable == null) {
                copyable = commitment;
                copiedFrom = i;
            }
        }
        byte[] copied = copyable;
        int original = copiedFrom;
        for (String miner : miners) {
            if (d.minerStrategy(miner) == MinerStrategy.COPIER && copied != null) {
                d.session(miner).commitAnswer(id, copied);
            }
        }
        endIfStuck(id, TaskPhase.ANSWER_COMMIT);
        for (int i = 0; i < miners.size(); i++) {
            if (answers[i] != null) d.session(miners.get(i)).revealAnswer(id, answers[i], salts[i]);
        }
        // the strongest copy attempt: the original's answer and salt, both public once revealed
        for (String miner : miners) {
            if (d.minerStrategy(miner) == MinerStrategy.COPIER && original >= 0) {
                copiesRefused += refused(() -> d.session(miner).revealAnswer(id, answers[original], salts[original]));
            }
        }
        endIfStuck(id, TaskPhase.ANSWER_REVEAL);

        // scores: one true quality per revealed answer, seen by every honest validator through its own noise
        double[] truth = new double[miners.size()];
        for (int i = 0; i < miners.size(); i++) {
            truth[i] = answers[i] == null ? -1 : quality.quality(d.minerStrategy(miners.get(i)), random);
        }
        int colluderIndex = indexOf(miners, MinerStrategy.COLLUDING);
        Map<String, int[]> given = new HashMap<>();
        Map<String, byte[]> scoreSalts = new HashMap<>();
        for (String v : validators) {
            int[] scores = scores(d.validatorStrategy(v), truth, colluderIndex);
            if (scores == null) continue;
            byte[] salt = Commitments.newSalt();
            d.session(v).commitScores(id, Commitments.scores(id, v, scores, salt));
            given.put(v, scores);
            scoreSalts.put(v, salt);
        }
        endIfStuck(id, TaskPhase.SCORE_COMMIT);
        for (String v : validators) {
            if (given.containsKey(v)) d.session(v).revealScores(id, given.get(v), scoreSalts.get(v));
        }
        // a copying validator has the others' scores only now, after the commit phase it needed has closed
        for (String v : validators) {
            if (d.validatorStrategy(v) == ValidatorStrategy.COPIER && !given.isEmpty()) {
                int[] copy = given.values().iterator().next();
                copiesRefused += refused(() -> d.session(v).commitScores(id, Commitments.scores(id, v, copy, Commitments.newSalt())));
            }
        }
        RoundDriver.finish(net, d.requester(), id);
        return outcome(id, from, copiesRefused);
    }

    private int[] scores(ValidatorStrategy s, double[] truth, int colluderIndex) {
        int[] out = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0) continue; // no answer revealed: the market ignores this entry
            out[i] = switch (s) {
                case HONEST -> quality.honestScore(truth[i], random);
                case RANDOM -> random.nextInt(10_001);
                case CONSTANT -> 5_000;
                case COLLUDING -> i == colluderIndex ? 10_000 : 0;
                case COPIER -> 0;
            };
        }
        return s == ValidatorStrategy.COPIER ? null : out;
    }

    private Outcome outcome(TaskId id, long from, int copiesRefused) {
        RoundDriver.Flows f = RoundDriver.flows(d.network(), id, from);
        return new Outcome(f.rewards(), f.slashes(), f.consensus(), copiesRefused);
    }

    private int indexOf(List<String> miners, MinerStrategy s) {
        for (int i = 0; i < miners.size(); i++) if (d.minerStrategy(miners.get(i)) == s) return i;
        return -1;
    }

    /** 1 when the contract refuses the action, as it must; an accepted copy would be a protocol failure. */
    private static int refused(Runnable action) {
        try {
            action.run();
        } catch (TransactionRevertedException expected) {
            return 1;
        }
        throw new IllegalStateException("the market accepted a copied commitment or a late commit");
    }

    private void endIfStuck(TaskId id, TaskPhase phase) {
        RoundDriver.endIfStuck(d.network(), d.requester(), id, phase);
    }
}
