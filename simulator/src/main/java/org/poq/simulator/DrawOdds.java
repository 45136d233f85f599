package org.poq.simulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import org.poq.network.PoqNetwork;

/**
 * What a miner can expect from the next one-miner (k = 1) task of its family when it answers well: the draw
 * picks it with probability weight / total weight (stake x trust, read from the registry), and the one miner
 * takes the whole miners' pool. Trust attacks are about this chance; measuring it exactly beats counting
 * lucky draws over a few rounds.
 */
final class DrawOdds {
    private DrawOdds() {
    }

    /** Expected POQ per 1,000 POQ of stake for the next task, for a node of weight {@code weight} among {@code group}. */
    static double expectedRate(PoqNetwork net, BigInteger weight, List<String> group, BigInteger extraWeight) {
        BigInteger total = extraWeight;
        for (String node : group) total = total.add(net.node(node).weight());
        double pool = AttackTask.Ledger.poq(SimRound.FEE.wei()) * net.descriptor().params().minerShareBps() / 10_000.0;
        double chance = new BigDecimal(weight).divide(new BigDecimal(total), MathContext.DECIMAL64)
                .doubleValue();
        return chance * pool * 1_000 / AttackTask.Ledger.poq(SimChain.STAKE.wei());
    }

    /** stake x trust, as the registry weighs a node (trust 10,000 = 1.0). */
    static BigInteger weightOf(BigInteger stakeWei, int trust) {
        return stakeWei.multiply(BigInteger.valueOf(trust)).divide(BigInteger.valueOf(10_000));
    }
}
