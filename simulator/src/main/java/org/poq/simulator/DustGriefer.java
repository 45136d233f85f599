package org.poq.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poq.core.TokenAmount;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.simulator.AttackTask.MinerMove;
import org.poq.simulator.AttackTask.ValidatorMove;

/**
 * A miner's owner that asks two tasks a round at the lowest fee the market takes, to make the honest nodes
 * drawn for them work for free or be slashed for staying away, while its own miner answers them. Every
 * round also has one ordinary 100 POQ task that draws all four miners. Honest nodes work for 0.01 POQ per
 * participant and stay away from anything less: under v2 they declare that price and the market's floor
 * is the same, so the griefer must pay them; under {@link Rules#V1} the floor is 1 wei and there is no price.
 */
final class DustGriefer {
    static final TokenAmount PRICE = TokenAmount.parse("0.01");
    private static final int DUST_PER_ROUND = 2;

    private DustGriefer() {
    }

    private static String amount(TokenAmount a) {
        return a.compareTo(TokenAmount.parse("0.000001")) < 0 ? a.wei() + " wei" : a.toPlainString() + " POQ";
    }

    static AttackResult play(SimChain chain, ProtocolParams base, Rules rules, int rounds) {
        ProtocolParams params = base.withMinFeePerParticipant(rules == Rules.V1 ? TokenAmount.ofWei(BigInteger.ONE) : PRICE);
        try (SimChain.Arena a = chain.arena(params)) {
            List<PoqSession> honest = new ArrayList<>();
            for (int i = 0; i < 3; i++) honest.add(a.miner(SimChain.FAMILY));
            for (int i = 0; i < 3; i++) honest.add(a.validator());
            PoqSession griefNode = a.miner(SimChain.FAMILY);
            PoqSession griefer = a.account(TokenAmount.ofTokens(1_000));
            String own = griefNode.address().toLowerCase();
            TaskRequest ordinary = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, 4, 3, 64, SimRound.FEE);
            TaskRequest dust = new TaskRequest(SimRound.PROMPT, SimChain.FAMILY, SimChain.EVALUATOR, 2, 3, 64, params.minFee(2, 3));
            if (rules == Rules.V2) {
                // v3 compares a price with the role's real share: an honest node declares what a floor task
                // pays its role, so it is drawn for (and paid by) every task at the floor or above
                BigInteger minerPool = dust.fee().wei().multiply(BigInteger.valueOf(params.minerShareBps()))
                        .divide(BigInteger.valueOf(10_000));
                TokenAmount minerPrice = TokenAmount.ofWei(minerPool.divide(BigInteger.TWO));
                TokenAmount validatorPrice = TokenAmount.ofWei(dust.fee().wei().subtract(minerPool).divide(BigInteger.valueOf(3)));
                for (int i = 0; i < honest.size(); i++) honest.get(i).setMinPrice(i < 3 ? minerPrice : validatorPrice);
            }
            // an honest node works when the task pays its price per participant, and stays away otherwise
            boolean paysThePrice = dust.fee().wei().divide(BigInteger.valueOf(5)).compareTo(PRICE.wei()) >= 0;
            AttackTask.Ledger ledger = new AttackTask.Ledger();
            for (int r = 0; r < rounds; r++) {
                ledger.add(AttackTask.play(a, a.requester(), ordinary, m -> MinerMove.ANSWER, v -> ValidatorMove.HONEST),
                        a.requester(), ordinary);
                for (int i = 0; i < DUST_PER_ROUND; i++) {
                    ledger.add(AttackTask.play(a, griefer, dust,
                            m -> m.equalsIgnoreCase(own) || paysThePrice ? MinerMove.ANSWER : MinerMove.ABSENT,
                            v -> paysThePrice ? ValidatorMove.HONEST : ValidatorMove.ABSENT), griefer, dust);
                }
            }
            List<String> honestMiners = honest.subList(0, 3).stream().map(PoqSession::address).toList();
            return new AttackResult(Attack.DUST_GRIEFER, rules, rounds, ledger.meanRate(honestMiners, rounds),
                    ledger.rate(List.of(own, griefer.address()), 1, rounds), String.format(Locale.ROOT,
                    "%d tasks a round at %s for 5 participants (the least the market takes); honest nodes %s",
                    DUST_PER_ROUND, amount(dust.fee()), paysThePrice ? "were paid to answer" : "stayed away and were slashed"));
        }
    }
}
