package org.poq.app.service;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.poq.network.TaskView;

/** A task's progress in one line, the same in the window and on the command line. */
public final class TaskProgress {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private TaskProgress() {
    }

    /** "answers committed 2/3" and the like; empty once finalized. */
    public static String line(TaskView v) {
        return switch (v.phase()) {
            case ANSWER_COMMIT -> String.format("%d miners and %d validators selected; answers committed %d/%d",
                    v.miners().size(), v.validators().size(), v.answersCommitted(), v.miners().size());
            case ANSWER_REVEAL -> String.format("answers revealed %d/%d",
                    v.answers().stream().filter(TaskView.Answer::revealed).count(), v.answersCommitted());
            case SCORE_COMMIT -> String.format("scores committed %d/%d", v.scoresCommitted(), v.validators().size());
            case SCORE_REVEAL -> String.format("scores revealed %d/%d", v.scoresRevealed(), v.scoresCommitted());
            default -> "";
        };
    }

    /** The line with the phase's deadline: "answers committed 2/3; deadline 14:02:11 (in 9 min 58 s)". */
    public static String withDeadline(TaskView v, Instant now) {
        String line = line(v);
        if (v.finalized()) {
            return "finalized";
        }
        if (v.deadline() == null || v.deadline().getEpochSecond() == 0) {
            return line;
        }
        return line + "; deadline " + TIME.format(v.deadline()) + " (" + RequesterSession.until(v.deadline(), now) + ")";
    }
}
