package org.poq.evaluator;

import java.util.List;

/**
 * The contract's miner payout rule, mirrored so that a score can be read as money (TaskMarket
 * {@code _payMiners}, docs/protocol.md): an answer whose consensus is at or above the quality floor (and
 * above 0) weighs consensus², the others nothing, and each is paid {@code pool * weight / sum} in integer
 * division. Assumes the validators agree, so that each answer's consensus is the score given here.
 * A change to the contract's rule must change this class.
 */
public final class MinerPayout {
    /** The protocol's default quality floor (ProtocolParams.defaults). */
    public static final int DEFAULT_QUALITY_FLOOR = 3000;
    /** The pot {@link #millionths} divides: shares in parts per million. */
    public static final long MILLION = 1_000_000L;

    private MinerPayout() {
    }

    /** What each answer is paid out of {@code pool}, in order, exactly as the contract divides it. */
    public static long[] pay(List<Integer> consensus, int qualityFloor, long pool) {
        if (qualityFloor < 0 || qualityFloor > 10_000) {
            throw new IllegalArgumentException("the quality floor must be in 0..10000: " + qualityFloor);
        }
        if (pool < 0 || pool > Long.MAX_VALUE / 100_000_000L) {
            throw new IllegalArgumentException("the pool must be in 0.." + Long.MAX_VALUE / 100_000_000L + ": " + pool);
        }
        long[] w = new long[consensus.size()];
        long sum = 0;
        for (int i = 0; i < w.length; i++) {
            int c = consensus.get(i);
            if (c < 0 || c > 10_000) {
                throw new IllegalArgumentException("a score must be in 0..10000: " + c);
            }
            if (c >= qualityFloor && c > 0) {
                w[i] = (long) c * c;
                sum += w[i];
            }
        }
        long[] out = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] == 0 ? 0 : pool * w[i] / sum;
        }
        return out;
    }

    /** Each answer's share of the miner pot in parts per million (a pot of 1,000,000 paid by the rule). */
    public static long[] millionths(List<Integer> consensus, int qualityFloor) {
        return pay(consensus, qualityFloor, MILLION);
    }
}
