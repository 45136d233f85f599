package org.poq.app.service;

import org.poq.core.Score;

/**
 * The one way every face shows a quality score: the protocol's own integer out of 10,000
 * (docs/protocol.md), written "9829/10000". The Ask screen, the Network, Miner and Validator screens,
 * {@code poq ask}, {@code poq task}, {@code poq doctor} and the demo all call this, so a score read in
 * one place can be compared with the same score anywhere else, and with what the chain stores.
 * ({@code poq score} prints the bare integer, one per line, for scripts: the same number.)
 */
public final class QualityScores {
    /** The scale: a score is 0..10000 (a probability times 10^4). */
    public static final int SCALE = Score.MAX;
    private static final String NONE = "-";

    private QualityScores() {
    }

    /** "9829/10000"; "-" for no score yet (a negative value). */
    public static String format(int value) {
        if (value < 0) {
            return NONE;
        }
        return value + "/" + SCALE;
    }

    /** As {@link #format(int)}; "-" for null (no score yet). */
    public static String format(Integer value) {
        return value == null ? NONE : format(value.intValue());
    }

    public static String format(Score score) {
        return score == null ? NONE : format(score.value());
    }
}
