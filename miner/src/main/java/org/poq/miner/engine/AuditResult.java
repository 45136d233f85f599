package org.poq.miner.engine;

import java.time.Duration;
import java.util.Arrays;

/**
 * The verdict of one replay (see {@link AuditPolicy} for the rule).
 *
 * @param positions      answer tokens checked
 * @param mismatchAt     the positions whose seeded draw from the auditor's logits is another token
 * @param marginAt       each mismatch's distance from drawing the answer's token (share of the weight)
 * @param far            mismatches further than floating-point drift explains ({@link AuditPolicy#DRIFT_MARGIN})
 * @param tokensGiven    whether the miner's own token ids were replayed (else the text's tokenization)
 * @param textMatches    whether the revealed text is what those tokens spell (cut as the engine cuts)
 * @param allowed        the mismatches the rule tolerates at this length
 * @param auditTime      the audit in the worker: the prefill pass, the logits copies and the draws
 * @param prefillTime    llama.cpp's own time for the pass
 */
public record AuditResult(int promptTokens, int positions, int[] mismatchAt, double[] marginAt, int far,
                          boolean tokensGiven, boolean textMatches, int allowed, Verdict verdict, boolean cancelled, Duration auditTime, Duration prefillTime) {
    public enum Verdict { PASS, FAIL, CANCELLED }

    public int mismatches() {
        return mismatchAt.length;
    }

    /** The verdict in plain words, with the numbers it rests on. */
    public String describe() {
        if (verdict == Verdict.CANCELLED) {
            return "the audit was cancelled before it finished";
        }
        StringBuilder s = new StringBuilder();
        s.append(verdict == Verdict.PASS ? "PASS: " : "FAIL: ");
        s.append(positions).append(positions == 1 ? " position" : " positions").append(" checked, ")
                .append(mismatches()).append(mismatches() == 1 ? " mismatch" : " mismatches");
        if (mismatches() > 0) {
            s.append(" (").append(mismatches() - far).append(" within floating-point drift of the draw, at most ")
                    .append(allowed).append(" allowed; ").append(far).append(" beyond it, none allowed)");
        }
        if (!textMatches) {
            s.append("; the revealed text is not what its tokens spell");
        }
        if (mismatches() > 0) {
            int shown = Math.min(mismatches(), 10);
            s.append("; first at ").append(Arrays.toString(Arrays.copyOf(mismatchAt, shown)))
                    .append(mismatches() > shown ? " …" : "");
        }
        s.append(verdict == Verdict.PASS
                ? ". The answer is what this model draws under the task's seed and settings."
                : ". This model, under the task's seed and settings, would not have drawn this answer.");
        if (!tokensGiven) {
            s.append(" (The token ids were not given: the text's own tokenization was replayed.)");
        }
        return s.toString();
    }
}
