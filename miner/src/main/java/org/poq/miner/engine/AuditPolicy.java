package org.poq.miner.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * When a replay passes. An honest answer differs from the auditor's draw only where floating-point
 * drift between two machines (or between one token at a time and a batch, which llama.cpp computes
 * with other kernels) moves a sampling boundary; such a mismatch is always close to the boundary:
 * its margin ({@link org.poq.miner.engine.sampling.VerifiableSampler#margin}) is tiny. A token the
 * model did not draw under the seed is almost never that close. So an answer passes when its text
 * is what its tokens spell, no mismatch lies beyond {@link #DRIFT_MARGIN}, and the mismatches within
 * it are at most 1 + one per {@link #POSITIONS_PER_ALLOWED_MISMATCH} positions. An edited token is a
 * mismatch with a large margin by itself, so one edit in a 16-token answer fails it. The figures
 * behind both numbers are in BENCHMARKS.md ("Audit by replay").
 */
public final class AuditPolicy {
    public static final double DRIFT_MARGIN = 1e-3;
    public static final int POSITIONS_PER_ALLOWED_MISMATCH = 32;

    private AuditPolicy() {
    }

    public static int allowedMismatches(int positions) {
        return 1 + positions / POSITIONS_PER_ALLOWED_MISMATCH;
    }

    static AuditResult judge(AuditRequest request, WorkerMessage.Audited replay) {
        Duration wall = Duration.ofNanos((long) (replay.wallMs() * 1e6));
        Duration prefill = Duration.ofNanos((long) (replay.prefillMs() * 1e6));
        boolean tokensGiven = request.answerTokens().length > 0;
        if (replay.cancelled()) {
            return new AuditResult(replay.promptTokens(), 0, new int[0], new double[0], 0, tokensGiven, true, 0,
                    AuditResult.Verdict.CANCELLED, true, wall, prefill);
        }
        boolean textMatches = !tokensGiven || request.answerText().isEmpty()
                || textMatches(request.answerText(), replay.answerText(), request.stopStrings(), request.maxBytes());
        int allowed = allowedMismatches(replay.positions());
        double[] margins = replay.marginAt();
        if (margins == null || margins.length != replay.mismatchAt().length) {
            margins = new double[replay.mismatchAt().length];
            Arrays.fill(margins, Double.POSITIVE_INFINITY); // no margins: no mismatch is excused
        }
        int far = 0;
        for (double m : margins) {
            far += m > DRIFT_MARGIN ? 1 : 0;
        }
        boolean pass = textMatches && replay.positions() > 0 && far == 0 && replay.mismatchAt().length <= allowed;
        return new AuditResult(replay.promptTokens(), replay.positions(), replay.mismatchAt(), margins, far, tokensGiven,
                textMatches, allowed, pass ? AuditResult.Verdict.PASS : AuditResult.Verdict.FAIL, false, wall, prefill);
    }

    /**
     * Whether the revealed text is what the tokens spell, cut as the engine cuts an answer: at the first
     * stop string, at the byte limit (on a character boundary), surrounding whitespace removed (the
     * miner reveals the stripped text). Empty revealed text with tokens is checked the same way.
     */
    static boolean textMatches(String revealed, String spelled, List<String> stops, int maxBytes) {
        String t = spelled;
        int cut = t.length();
        for (String stop : stops) {
            int at = stop.isEmpty() ? -1 : t.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        t = t.substring(0, cut);
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            int end = maxBytes;
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--; // not inside a character
            }
            t = new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
        return t.strip().equals(revealed.strip());
    }
}
