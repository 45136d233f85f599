package org.poq.simulator;

import java.util.List;
import java.util.Locale;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.simulator.AttackTask.MinerMove;
import org.poq.simulator.AttackTask.ValidatorMove;

/**
 * Two miners of the same speed serve tasks with maxTokens = 4 (at most 128 answer bytes on chain). The
 * deadline-blind one generates past maxTokens: every other round that also runs past the commit deadline and
 * it commits anyway (refused: absent), in the others it commits the over-long answer in time and its reveal is
 * refused (no reveal). The honest v2 node stops at maxTokens and at the deadline (0009), so it commits a cut
 * answer in time. Under {@link Rules#V1} the honest node runs v1's software, which knew neither limit, and
 * does what the blind one does.
 */
final class DeadlineBlindMiner {
    private DeadlineBlindMiner() {
    }

    static AttackResult play(SimChain chain, ProtocolParams params, Rules rules, int rounds) {
        try (SimChain.Arena a = chain.arena(params)) {
            PoqSession honest = a.miner(SimChain.FAMILY);
            PoqSession blind = a.miner(SimChain.FAMILY);
            for (int i = 0; i < 3; i++) a.validator();
            TaskRequest request = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, 2, 3, 4, SimRound.FEE);
            AttackTask.Ledger ledger = new AttackTask.Ledger();
            int refused = 0;
            for (int r = 0; r < rounds; r++) {
                MinerMove blindMove = r % 2 == 0 ? MinerMove.LATE : MinerMove.OVERLONG;
                MinerMove honestMove = rules == Rules.V1 ? blindMove : MinerMove.ANSWER;
                AttackTask.Played p = AttackTask.play(a, a.requester(), request,
                        m -> m.equalsIgnoreCase(blind.address()) ? blindMove : honestMove, v -> ValidatorMove.HONEST);
                ledger.add(p, a.requester(), request);
                refused += p.refused();
            }
            return new AttackResult(Attack.DEADLINE_BLIND_MINER, rules, rounds, ledger.rate(List.of(honest.address()), 1, rounds),
                    ledger.rate(List.of(blind.address()), 1, rounds), String.format(Locale.ROOT,
                    "the chain refused %d late commits and over-long reveals", refused));
        }
    }
}
