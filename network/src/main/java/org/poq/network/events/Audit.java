package org.poq.network.events;

import java.util.List;

/**
 * One validator's audit of one answer, as it reveals it with its scores (docs/decisions/0043): the
 * verdict and the positions its replay drew another token than the miner's. On chain it is one uint16,
 * verdict | mismatches << 2 (mismatches capped at 16383); the market decides by the verdicts alone.
 */
public record Audit(Verdict verdict, int mismatches) {
    public static final int MAX_MISMATCHES = (1 << 14) - 1;
    public static final Audit ABSTAIN = new Audit(Verdict.ABSTAIN, 0);

    /** ABSTAIN: the validator does not hold the task's model (or no answer); the ordinals are the chain's codes. */
    public enum Verdict { ABSTAIN, PASS, FAIL }

    public Audit {
        if (mismatches < 0) {
            throw new IllegalArgumentException("mismatches must be 0 or more, not " + mismatches);
        }
    }

    public int encode() {
        return verdict.ordinal() | Math.min(mismatches, MAX_MISMATCHES) << 2;
    }

    /** The chain's value; a verdict code of 3 reads as an abstention, as the market reads it. */
    public static Audit decode(int value) {
        int code = value & 3;
        return new Audit(code == 3 ? Verdict.ABSTAIN : Verdict.values()[code], (value >>> 2) & MAX_MISMATCHES);
    }

    public static int[] encodeAll(List<Audit> audits) {
        return audits.stream().mapToInt(Audit::encode).toArray();
    }
}
