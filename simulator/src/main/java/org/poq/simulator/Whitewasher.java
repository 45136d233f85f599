package org.poq.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.chain.Calls;
import org.poq.network.contracts.NodeRegistry;
import org.poq.simulator.AttackTask.MinerMove;
import org.poq.simulator.AttackTask.ValidatorMove;

/**
 * A miner that answers lazily (empty answers) next to three honest miners for some rounds, every task drawing
 * all four, then unstakes that identity and registers a fresh address with the same stake. The figures are
 * each identity's expected reward from the next one-miner task ({@link DrawOdds}); the lazy rounds earned the
 * old identity nothing (its net is in the note). Under {@link Rules#V1} the registry's governor sets the start
 * trust to the cap before anyone registers, as v1 started every address at full trust.
 */
final class Whitewasher {
    private Whitewasher() {
    }

    static AttackResult play(SimChain chain, ProtocolParams params, Rules rules, int rounds) {
        try (SimChain.Arena a = chain.arena(params)) {
            PoqNetwork net = a.network();
            if (rules == Rules.V1) startAtTheCap(a.governorRegistry());
            List<String> honest = new ArrayList<>();
            for (int i = 0; i < 3; i++) honest.add(a.miner(SimChain.FAMILY).address());
            for (int i = 0; i < 3; i++) a.validator();
            PoqSession lazy = a.miner(SimChain.FAMILY);
            String old = lazy.address();
            TaskRequest ordinary = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, 4, 3, 64, SimRound.FEE);
            AttackTask.Ledger ledger = new AttackTask.Ledger();
            for (int r = 0; r < rounds; r++) {
                ledger.add(AttackTask.play(a, a.requester(), ordinary,
                        m -> m.equalsIgnoreCase(old) ? MinerMove.EMPTY : MinerMove.ANSWER, v -> ValidatorMove.HONEST),
                        a.requester(), ordinary);
            }
            int penalised = net.node(old).trust();
            lazy.requestUnstake(net.node(old).stake());
            PoqSession fresh = a.miner(SimChain.FAMILY);
            List<String> family = new ArrayList<>(honest);
            family.add(fresh.address());
            BigInteger freshWeight = net.node(fresh.address()).weight();
            double adversary = DrawOdds.expectedRate(net, freshWeight, family, BigInteger.ZERO);
            double honestRate = honest.stream().mapToDouble(h -> DrawOdds.expectedRate(net, net.node(h).weight(), family, BigInteger.ZERO))
                    .average().orElse(0);
            return new AttackResult(Attack.WHITEWASHER, rules, rounds, honestRate, adversary, String.format(Locale.ROOT,
                    "the lazy identity fell to trust %.2f and netted %.2f per round; the fresh one starts at %.2f against the "
                            + "honest miners' %.2f", penalised / 10_000.0, ledger.rate(List.of(old), 1, rounds),
                    net.node(fresh.address()).trust() / 10_000.0,
                    honest.stream().mapToInt(h -> net.node(h).trust()).average().orElse(0) / 10_000.0));
        }
    }

    /** v1's rule, set through the governor: every new address starts at the trust cap. */
    private static void startAtTheCap(NodeRegistry registry) {
        Calls.send("start trust at the cap", () -> registry.setParams(registry.minStake().send(),
                registry.unbondingDelay().send(), registry.trustMin().send(), registry.trustMax().send(),
                registry.trustMax().send(), registry.trustAlphaBps().send()).send());
    }
}
