package org.poq.network;

import java.math.BigInteger;
import org.poq.core.TokenAmount;
import org.poq.network.contracts.TaskMarket;

/**
 * The protocol's parameters as deployed: bounds, phase windows, reward shares, penalties and the
 * registry's staking rules. Scores and deviations are in score units (0..10000).
 */
public record ProtocolParams(
        int maxPromptBytes,
        int maxAnswerBytes,
        int maxTokensLimit,
        int commitWindowSeconds,
        int revealWindowSeconds,
        int minerShareBps,
        int qualityFloor,
        int tolerance,
        int slashDeviation,
        int noRevealSlashBps,
        int absentSlashBps,
        int deviationSlashBps,
        BigInteger minStakeWei,
        long unbondingDelaySeconds,
        BigInteger minFeePerParticipantWei) {

    /** The protocol's floor by default: 0.01 POQ per selected participant (a k=3, m=5 task pays at least 0.08 POQ). */
    public static final BigInteger DEFAULT_MIN_FEE_PER_PARTICIPANT = TokenAmount.parse("0.01").wei();

    public ProtocolParams {
        // descriptors written before protocol v2 have no floor: they get the default
        if (minFeePerParticipantWei == null) {
            minFeePerParticipantWei = DEFAULT_MIN_FEE_PER_PARTICIPANT;
        }
    }

    /** Protocol v1's parameter list; the fee floor is the default. */
    public ProtocolParams(int maxPromptBytes, int maxAnswerBytes, int maxTokensLimit, int commitWindowSeconds,
                          int revealWindowSeconds, int minerShareBps, int qualityFloor, int tolerance, int slashDeviation,
                          int noRevealSlashBps, int absentSlashBps, int deviationSlashBps, BigInteger minStakeWei,
                          long unbondingDelaySeconds) {
        this(maxPromptBytes, maxAnswerBytes, maxTokensLimit, commitWindowSeconds, revealWindowSeconds, minerShareBps,
                qualityFloor, tolerance, slashDeviation, noRevealSlashBps, absentSlashBps, deviationSlashBps, minStakeWei,
                unbondingDelaySeconds, DEFAULT_MIN_FEE_PER_PARTICIPANT);
    }

    /** The defaults of a new network; windows are short enough for a demo and long enough for a 1B model on a CPU. */
    public static ProtocolParams defaults() {
        return new ProtocolParams(8_192, 16_384, 2_048, 600, 300,
                7_000, 3_000, 1_000, 2_500,
                1_000, 200, 500,
                TokenAmount.ofTokens(100).wei(), 7 * 24 * 3600L);
    }

    /** The local devnet's: the same rules with a one-hour unbonding delay. */
    public static ProtocolParams devnet() {
        ProtocolParams d = defaults();
        return new ProtocolParams(d.maxPromptBytes, d.maxAnswerBytes, d.maxTokensLimit, d.commitWindowSeconds,
                d.revealWindowSeconds, d.minerShareBps, d.qualityFloor, d.tolerance, d.slashDeviation,
                d.noRevealSlashBps, d.absentSlashBps, d.deviationSlashBps, d.minStakeWei, 3600L);
    }

    public ProtocolParams withWindows(int commitSeconds, int revealSeconds) {
        return new ProtocolParams(maxPromptBytes, maxAnswerBytes, maxTokensLimit, commitSeconds, revealSeconds,
                minerShareBps, qualityFloor, tolerance, slashDeviation, noRevealSlashBps, absentSlashBps,
                deviationSlashBps, minStakeWei, unbondingDelaySeconds, minFeePerParticipantWei);
    }

    public ProtocolParams withMinFeePerParticipant(TokenAmount floor) {
        return new ProtocolParams(maxPromptBytes, maxAnswerBytes, maxTokensLimit, commitWindowSeconds, revealWindowSeconds,
                minerShareBps, qualityFloor, tolerance, slashDeviation, noRevealSlashBps, absentSlashBps,
                deviationSlashBps, minStakeWei, unbondingDelaySeconds, floor.wei());
    }

    public TokenAmount minFeePerParticipant() {
        return TokenAmount.ofWei(minFeePerParticipantWei);
    }

    /** The least fee the market accepts for a task with k miners and m validators. */
    public TokenAmount minFee(int k, int m) {
        return TokenAmount.ofWei(minFeePerParticipantWei.multiply(BigInteger.valueOf((long) k + m)));
    }

    public TokenAmount minStake() {
        return TokenAmount.ofWei(minStakeWei);
    }

    TaskMarket.Params toMarketParams() {
        return new TaskMarket.Params(big(maxPromptBytes), big(maxAnswerBytes), big(maxTokensLimit),
                big(commitWindowSeconds), big(revealWindowSeconds), big(minerShareBps), big(qualityFloor),
                big(tolerance), big(slashDeviation), big(noRevealSlashBps), big(absentSlashBps), big(deviationSlashBps),
                minFeePerParticipantWei);
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
