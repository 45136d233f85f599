package org.poq.app.service;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.poq.network.PhaseProgress;
import org.poq.network.TaskPhase;
import org.poq.network.TaskView;

/** A task's progress in one line ({@link TaskView#progress()} in words), the same in the window and on the command line. */
public final class TaskProgress {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private TaskProgress() {
    }

    /** "answers committed 2/3" and the like (the miners and validators drawn first); empty outside the counted phases. */
    public static String line(TaskView v) {
        PhaseProgress p = v.progress();
        return v.phase() == TaskPhase.ANSWER_COMMIT
                ? String.format("%d miners and %d validators selected; %s", v.miners().size(), v.validators().size(), p.words())
                : p.words();
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
