package org.poq.network;

/** The phases of a task round, in the order the market walks them. */
public enum TaskPhase {
    NONE, ANSWER_COMMIT, ANSWER_REVEAL, SCORE_COMMIT, SCORE_REVEAL, FINALIZED;

    public static TaskPhase of(int ordinal) {
        if (ordinal < 0 || ordinal >= values().length) {
            throw new IllegalArgumentException("unknown phase " + ordinal);
        }
        return values()[ordinal];
    }
}
