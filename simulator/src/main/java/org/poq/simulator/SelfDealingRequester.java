package org.poq.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.poq.core.TokenAmount;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.simulator.AttackTask.MinerMove;
import org.poq.simulator.AttackTask.ValidatorMove;

/**
 * A requester that also runs 2 of the 10 validators (a fifth of the validator weight) and asks m = 3 tasks
 * of 1,000 POQ: its validators score every answer 0, so with a majority of a task's validators the consensus
 * is 0, the miners get nothing, the miners' pool comes back as refund and its validators take the validators'
 * pool. Under v2 it takes the draw it gets; under {@link Rules#V1} it retries until its validators hold the
 * majority, as v1's public seed let it.
 */
final class SelfDealingRequester {
    static final TokenAmount FEE = TokenAmount.ofTokens(1_000);
    private static final int MAX_DRAWS = 200;

    private SelfDealingRequester() {
    }

    static AttackResult play(SimChain chain, ProtocolParams params, Rules rules, int rounds) {
        try (SimChain.Arena a = chain.arena(params)) {
            for (int i = 0; i < 3; i++) a.miner(SimChain.FAMILY);
            List<String> honest = new ArrayList<>();
            for (int i = 0; i < 8; i++) honest.add(a.validator().address().toLowerCase());
            List<String> sybils = List.of(a.validator().address().toLowerCase(), a.validator().address().toLowerCase());
            PoqSession requester = a.account(TokenAmount.ofTokens(1_000_000));
            Predicate<TaskState> captured = t -> 2 * t.validators().stream().filter(v -> sybils.contains(v.toLowerCase())).count() > t.m();
            TaskRequest request = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, 3, 3, 64, FEE);
            AttackTask.Ledger ledger = new AttackTask.Ledger();
            int draws = 0;
            int majorities = 0;
            for (int r = 0; r < rounds; r++) {
                AttackTask.Played p = AttackTask.play(a, requester, request, rules == Rules.V1 ? captured : null, MAX_DRAWS,
                        m -> MinerMove.ANSWER, v -> sybils.contains(v.toLowerCase()) ? ValidatorMove.ZERO : ValidatorMove.HONEST);
                ledger.add(p, requester, request);
                draws += p.draws();
                if (captured.test(p.task())) majorities++;
            }
            List<String> adversary = new ArrayList<>(sybils);
            adversary.add(requester.address());
            return new AttackResult(Attack.SELF_DEALING_REQUESTER, rules, rounds, ledger.meanRate(honest, rounds),
                    ledger.rate(adversary, sybils.size(), rounds), String.format(Locale.ROOT,
                    "its validators held the majority in %d of %d tasks; it saw %d draws", majorities, rounds, draws));
        }
    }
}
