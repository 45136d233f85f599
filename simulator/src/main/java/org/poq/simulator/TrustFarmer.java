package org.poq.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.simulator.AttackTask.MinerMove;
import org.poq.simulator.AttackTask.ValidatorMove;

/**
 * A miner alone in a private model family that asks itself three one-miner tasks a round at the fee floor
 * (the validators are the network's honest ones, paid their price), while three honest miners serve one
 * ordinary task a round in the real family. Then it moves to the real family. The figures are each miner's
 * expected reward from the next one-miner task there ({@link DrawOdds}); the farmer's also carries what its
 * self-asked tasks cost it per round. Under v2 the move resets its trust to the start value (read on chain);
 * under {@link Rules#V1} it keeps the trust it farmed, as v1's global trust did (computed from that reading).
 */
final class TrustFarmer {
    static final String PRIVATE_FAMILY = "sim-private-family";
    private static final int SELF_ASKED_PER_ROUND = 3;

    private TrustFarmer() {
    }

    static AttackResult play(SimChain chain, ProtocolParams params, Rules rules, int rounds) {
        try (SimChain.Arena a = chain.arena(params)) {
            PoqNetwork net = a.network();
            List<String> honest = new ArrayList<>();
            for (int i = 0; i < 3; i++) honest.add(a.miner(SimChain.FAMILY).address());
            // v3 compares a validator's price with its real share (a floor task pays it 30% of the floor per
            // participant): honest validators that work for floor tasks declare no price
            for (int i = 0; i < 3; i++) a.validator();
            PoqSession farmer = a.miner(PRIVATE_FAMILY);
            PoqSession farmerRequester = a.account(TokenAmount.ofTokens(1_000));
            TaskRequest ordinary = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, 3, 3, 64, SimRound.FEE);
            TaskRequest selfAsked = new TaskRequest(SimRound.PROMPT, PRIVATE_FAMILY, SimChain.EVALUATOR, 1, 3, 64, params.minFee(1, 3));
            AttackTask.Ledger ledger = new AttackTask.Ledger();
            for (int r = 0; r < rounds; r++) {
                AttackTask.play(a, a.requester(), ordinary, m -> MinerMove.ANSWER, v -> ValidatorMove.HONEST);
                for (int i = 0; i < SELF_ASKED_PER_ROUND; i++) {
                    ledger.add(AttackTask.play(a, farmerRequester, selfAsked, m -> MinerMove.ANSWER, v -> ValidatorMove.HONEST),
                            farmerRequester, selfAsked);
                }
            }
            int farmed = net.node(farmer.address()).trust();
            // v3: moving to another family puts the old stake into unbonding; the farmer stakes anew
            a.fund(farmer, SimChain.STAKE);
            farmer.registerMiner(SimChain.FAMILY, SimChain.MODEL, SimChain.CONTEXT_TOKENS, SimChain.STAKE);
            BigInteger stake = net.node(farmer.address()).stake().wei();
            int trust = rules == Rules.V1 ? farmed : net.node(farmer.address()).trust();
            BigInteger weight = DrawOdds.weightOf(stake, trust);
            double cost = ledger.rate(List.of(farmer.address(), farmerRequester.address()), 1, rounds);
            double adversary = DrawOdds.expectedRate(net, weight, honest, weight) + cost;
            double honestRate = honest.stream().mapToDouble(h -> DrawOdds.expectedRate(net, net.node(h).weight(), honest, weight))
                    .average().orElse(0);
            return new AttackResult(Attack.TRUST_FARMER, rules, rounds, honestRate, adversary, String.format(Locale.ROOT,
                    "farmed trust %.2f in %d self-asked tasks (their net flow to it: %.4f per round); enters the real family at %.2f "
                            + "against the honest miners' %.2f", farmed / 10_000.0, rounds * SELF_ASKED_PER_ROUND, cost,
                    trust / 10_000.0, honest.stream().mapToInt(h -> net.node(h).trust()).average().orElse(0) / 10_000.0));
        }
    }
}
