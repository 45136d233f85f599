package org.poq.network;

import org.poq.network.events.TaskPhase;

/**
 * How far a task's current phase has got: who acts in it, what they have done, and how many of how
 * many. The one count behind every progress line (the window, the command line, the endpoint's
 * stream, the demo); each face only words it. {@code of} 0 for the phases nobody acts in.
 */
public record PhaseProgress(TaskPhase phase, String actors, String step, long done, long of) {
    public static PhaseProgress of(TaskView v) {
        return switch (v.phase()) {
            case ANSWER_COMMIT -> new PhaseProgress(v.phase(), "miners", "answers committed", v.answersCommitted(), v.miners().size());
            case ANSWER_REVEAL -> new PhaseProgress(v.phase(), "miners", "answers revealed",
                    v.answers().stream().filter(TaskView.Answer::revealed).count(), v.answersCommitted());
            case SCORE_COMMIT -> new PhaseProgress(v.phase(), "validators", "scores committed", v.scoresCommitted(), v.validators().size());
            case SCORE_REVEAL -> new PhaseProgress(v.phase(), "validators", "scores revealed", v.scoresRevealed(), v.scoresCommitted());
            default -> new PhaseProgress(v.phase(), "", "", 0, 0);
        };
    }

    /** Whether nodes act in this phase (the commit and reveal phases). */
    public boolean counted() {
        return !step.isEmpty();
    }

    /** "answers committed 2/3"; empty outside the counted phases. */
    public String words() {
        return counted() ? step + " " + done + "/" + of : "";
    }

    /** The same as a key and value, "answers_committed=2/3", for machine-read lines. */
    public String keyValue() {
        return counted() ? step.replace(' ', '_') + "=" + done + "/" + of : "";
    }

    /** Who has not acted yet, "1 miner(s)"; "some nodes" outside the counted phases. */
    public String missing() {
        return counted() ? (of - done) + " " + actors.substring(0, actors.length() - 1) + "(s)" : "some nodes";
    }
}
