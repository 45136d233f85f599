package org.poq.network.events;

/**
 * The phases of a task round, in the order the market walks them. DRAWING (protocol v2): submitted,
 * waiting for the block whose hash draws the participants.
 */
public enum TaskPhase {
    NONE, DRAWING, ANSWER_COMMIT, ANSWER_REVEAL, SCORE_COMMIT, SCORE_REVEAL, FINALIZED;

    public static TaskPhase of(int ordinal) {
        if (ordinal < 0 || ordinal >= values().length) {
            throw new IllegalArgumentException("unknown phase " + ordinal);
        }
        return values()[ordinal];
    }
}
