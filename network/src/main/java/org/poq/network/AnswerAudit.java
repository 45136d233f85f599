package org.poq.network;

import org.poq.network.events.Audit;
import org.poq.network.events.PenaltyReason;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How one answer's audit by replay stands (docs/decisions/0043): the positions its revealed tokens give
 * to check, each revealing validator's audit, and whether its miner was slashed for failing it. The
 * market decides an audit by more than half of the task's m validators; {@link #outcome} says the same
 * from the verdicts shown, and a failed answer's miner carries the FailedAudit penalty.
 */
public record AnswerAudit(int positions, int m, Map<String, Audit> byValidator, boolean minerSlashed) {
    public enum Outcome { NONE_YET, UNDECIDED, PASS, FAIL }

    public long count(Audit.Verdict v) {
        return byValidator.values().stream().filter(a -> a.verdict() == v).count();
    }

    public Outcome outcome() {
        if (minerSlashed || 2 * count(Audit.Verdict.FAIL) > m) {
            return Outcome.FAIL;
        }
        if (2 * count(Audit.Verdict.PASS) > m) {
            return Outcome.PASS;
        }
        return byValidator.isEmpty() ? Outcome.NONE_YET : Outcome.UNDECIDED;
    }

    /** One line in plain words: positions checked, mismatches per auditor, the verdict, and a slash. */
    public String describe() {
        long pass = count(Audit.Verdict.PASS);
        long fail = count(Audit.Verdict.FAIL);
        String mismatches = byValidator.entrySet().stream().filter(e -> e.getValue().verdict() != Audit.Verdict.ABSTAIN)
                .map(e -> e.getKey().substring(0, Math.min(10, e.getKey().length())) + "=" + e.getValue().mismatches())
                .collect(Collectors.joining(" "));
        String checked = (positions == 0 ? "no token ids revealed (the text's tokenization is replayed)" : positions + " positions")
                + "; " + pass + " pass, " + fail + " fail, " + (byValidator.size() - pass - fail) + " abstain of m = " + m
                + (mismatches.isEmpty() ? "" : "; mismatches " + mismatches);
        return switch (outcome()) {
            case NONE_YET -> "audit: not revealed yet";
            case UNDECIDED -> "audit: undecided (fewer than a majority of the validators agree): " + checked;
            case PASS -> "audit: PASS, the model the task names draws this answer under its seed: " + checked;
            case FAIL -> "audit: FAIL, the model the task names would not have drawn this answer: " + checked
                    + (minerSlashed ? ". Its miner earned nothing and was slashed (" + PenaltyReason.FAILED_AUDIT.description()
                    + ")" : "");
        };
    }
}
