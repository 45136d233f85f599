package org.poq.simulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.poq.core.TaskId;
import org.poq.network.Commitments;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.network.chain.TransactionRevertedException;

/**
 * Plays one task of an attack on chain: each drawn miner makes a {@link MinerMove}, each drawn validator a
 * {@link ValidatorMove}; phases nobody closes end at their deadline through advance(). Honest validators give
 * every revealed answer {@link #GOOD_SCORE} (the answers of these games are all of honest quality; the grid
 * plays the quality model), so honest nodes of equal stake earn exactly alike and a difference is the attack's.
 */
final class AttackTask {
    static final int GOOD_SCORE = 8_500;
    static final int EMPTY_SCORE = 300;
    static final String ANSWER = "Paris is the capital of France.";

    enum MinerMove { ANSWER, ABSENT, EMPTY, LATE, OVERLONG }

    enum ValidatorMove { HONEST, ZERO, ABSENT }

    /** The task as drawn, what it paid and took, how many draws its requester saw, and how many actions the chain refused. */
    record Played(TaskState task, RoundDriver.Flows flows, int draws, int refused) {
    }

    private AttackTask() {
    }

    /**
     * Submits and has the task drawn. With a {@code wanted} test the requester may undo the submit and try
     * again, up to {@code maxDraws} draws, as a requester that can see its draw before committing could (v1):
     * an anvil snapshot is taken before the submit and reverted when the draw is not the wanted one, and an
     * empty block moves the next try to another block, hence another seed. Returns the id and the draws seen.
     */
    static Map.Entry<TaskId, Integer> submit(PoqNetwork net, PoqSession requester, TaskRequest request,
                                             Predicate<TaskState> wanted, int maxDraws) {
        for (int draw = 1; ; draw++) {
            Object snapshot = wanted == null ? null : net.rpc("evm_snapshot");
            TaskId id = requester.submitTask(request);
            if (wanted == null || draw >= maxDraws || wanted.test(net.task(id))) return Map.entry(id, draw);
            net.rpc("evm_revert", snapshot);
            net.rpc("evm_mine");
        }
    }

    static Played play(SimChain.Arena arena, PoqSession requester, TaskRequest request,
                       Function<String, MinerMove> miners, Function<String, ValidatorMove> validators) {
        return play(arena, requester, request, null, 1, miners, validators);
    }

    static Played play(SimChain.Arena arena, PoqSession requester, TaskRequest request,
                       Predicate<TaskState> wanted, int maxDraws,
                       Function<String, MinerMove> miners, Function<String, ValidatorMove> validators) {
        PoqNetwork net = arena.network();
        long from = net.blockNumber() + 1;
        Map.Entry<TaskId, Integer> submitted = submit(net, requester, request, wanted, maxDraws);
        TaskId id = submitted.getKey();
        TaskState task = net.task(id);
        int refused = 0;
        List<String> drawnMiners = task.miners();
        String[] answers = new String[drawnMiners.size()];
        byte[][] salts = new byte[drawnMiners.size()][];
        boolean late = false;
        for (int i = 0; i < drawnMiners.size(); i++) {
            MinerMove move = miners.apply(drawnMiners.get(i));
            answers[i] = switch (move) {
                case ANSWER -> cut(ANSWER, request.maxTokens());
                case EMPTY -> "";
                case OVERLONG, LATE -> overlong(request.maxTokens());
                case ABSENT -> null;
            };
            if (answers[i] == null) continue;
            salts[i] = Commitments.newSalt();
            if (move == MinerMove.LATE) {
                late = true;
                continue;
            }
            arena.session(drawnMiners.get(i)).commitAnswer(id, Commitments.answer(id, drawnMiners.get(i), answers[i], salts[i]));
        }
        if (late) {
            // a late miner's generation outlives the commit phase: it commits after the deadline, which the chain refuses
            RoundDriver.passDeadline(net);
            for (int i = 0; i < drawnMiners.size(); i++) {
                String miner = drawnMiners.get(i);
                if (miners.apply(miner) != MinerMove.LATE) continue;
                String answer = answers[i];
                byte[] salt = salts[i];
                refused += refused(() -> arena.session(miner).commitAnswer(id, Commitments.answer(id, miner, answer, salt)));
                answers[i] = null;
            }
        }
        RoundDriver.endIfStuck(net, requester, id, TaskPhase.ANSWER_COMMIT);
        for (int i = 0; i < drawnMiners.size(); i++) {
            if (answers[i] == null || net.task(id).phase() != TaskPhase.ANSWER_REVEAL) continue;
            String miner = drawnMiners.get(i);
            String answer = answers[i];
            byte[] salt = salts[i];
            if (miners.apply(miner) == MinerMove.OVERLONG) {
                refused += refused(() -> arena.session(miner).revealAnswer(id, answer, salt));
                answers[i] = null;
            } else {
                arena.session(miner).revealAnswer(id, answer, salt);
            }
        }
        RoundDriver.endIfStuck(net, requester, id, TaskPhase.ANSWER_REVEAL);
        if (net.task(id).phase() == TaskPhase.SCORE_COMMIT) {
            Map<String, int[]> given = new HashMap<>();
            Map<String, byte[]> scoreSalts = new HashMap<>();
            for (String v : task.validators()) {
                ValidatorMove move = validators.apply(v);
                if (move == ValidatorMove.ABSENT) continue;
                int[] scores = new int[drawnMiners.size()];
                for (int i = 0; i < scores.length; i++) scores[i] = move == ValidatorMove.HONEST && answers[i] != null ? honestScore(answers[i]) : 0;
                byte[] salt = Commitments.newSalt();
                arena.session(v).commitScores(id, Commitments.scores(id, v, scores, salt));
                given.put(v, scores);
                scoreSalts.put(v, salt);
            }
            RoundDriver.endIfStuck(net, requester, id, TaskPhase.SCORE_COMMIT);
            for (String v : task.validators()) {
                if (given.containsKey(v) && !net.task(id).isFinalized()) arena.session(v).revealScores(id, given.get(v), scoreSalts.get(v));
            }
        }
        RoundDriver.finish(net, requester, id);
        return new Played(task, RoundDriver.flows(net, id, from), submitted.getValue(), refused);
    }

    /** What an honest evaluator says: the honest answer is good, an empty one is worth almost nothing (QualityModel's 0.03). */
    private static int honestScore(String answer) {
        return answer.isEmpty() ? EMPTY_SCORE : GOOD_SCORE;
    }

    /** The honest answer, cut to the chain's limit for this task as the v2 node cuts it (0009). */
    private static String cut(String answer, int maxTokens) {
        return answer.length() <= 32 * maxTokens ? answer : answer.substring(0, 32 * maxTokens);
    }

    /** An answer that ran past maxTokens: longer than the chain takes for this task. */
    private static String overlong(int maxTokens) {
        return ANSWER.repeat(32 * maxTokens / ANSWER.length() + 2);
    }

    private static int refused(Runnable action) {
        try {
            action.run();
        } catch (TransactionRevertedException expected) {
            return 1;
        }
        throw new IllegalStateException("the market accepted a late commit or an answer over the task's limit");
    }

    /** Net POQ per node address: rewards minus slashes, fees paid by requesters, refunds back to them. */
    static final class Ledger {
        private final Map<String, BigInteger> net = new HashMap<>();

        void add(Played p, PoqSession requester, TaskRequest request) {
            p.flows().rewards().forEach((a, w) -> net.merge(a, w, BigInteger::add));
            p.flows().slashes().forEach((a, w) -> net.merge(a, w.negate(), BigInteger::add));
            net.merge(requester.address().toLowerCase(), p.flows().refund().subtract(request.fee().wei()), BigInteger::add);
        }

        /** Net per 1,000 POQ of stake per round of a group of addresses that together staked {@code nodes} x STAKE. */
        double rate(List<String> addresses, int nodes, int rounds) {
            BigInteger sum = BigInteger.ZERO;
            for (String a : addresses) sum = sum.add(net.getOrDefault(a.toLowerCase(), BigInteger.ZERO));
            return poq(sum) * 1_000 / (poq(SimChain.STAKE.wei()) * nodes) / rounds;
        }

        /** The mean rate of each of these nodes on its own. */
        double meanRate(List<String> nodes, int rounds) {
            return nodes.stream().mapToDouble(a -> rate(List.of(a), 1, rounds)).average().orElse(0);
        }

        static double poq(BigInteger wei) {
            return new BigDecimal(wei).movePointLeft(18).doubleValue();
        }
    }
}
