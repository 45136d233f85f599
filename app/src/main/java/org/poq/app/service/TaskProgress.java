package org.poq.app.service;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.poq.network.PhaseProgress;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskView;

/** A task's progress in one line ({@link TaskView#progress()} in words), the same in the window and on the command line. */
public final class TaskProgress {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private TaskProgress() {
    }

    /** "answers committed 2/3" and the like (the miners and validators drawn first): never empty, so a printed line says something. */
    public static String line(TaskView v) {
        PhaseProgress p = v.progress();
        return switch (v.phase()) {
            case NONE, DRAWING -> v.targetBlock() > 0
                    ? "submitted; waiting for block " + v.targetBlock() + ", whose hash draws the miners and validators"
                    : "submitted; waiting for the block whose hash draws the miners and validators";
            case ANSWER_COMMIT -> v.miners().isEmpty() ? "drawn; reading who was selected"
                    : String.format("%d miners and %d validators selected; %s", v.miners().size(), v.validators().size(), p.words());
            case FINALIZED -> finalLine(v);
            default -> p.words();
        };
    }

    /** How a task ended, with what became of an expired task's fee. */
    public static String finalLine(TaskView v) {
        if (v.expired()) {
            return "expired: nobody drew it in its draw window (the epoch of block " + v.targetBlock()
                    + " or the next, while that block's hash was in reach); its fee of " + v.forfeited().toPlainString()
                    + " POQ " + TaskView.EXPIRED_FEE_GOES_TO + ", nothing was refunded";
        }
        return "finalized";
    }

    /** The line with the phase's deadline: "answers committed 2/3; deadline 14:02:11 (in 9 min 58 s)". */
    public static String withDeadline(TaskView v, Instant now) {
        String line = line(v);
        if (v.finalized()) {
            return finalLine(v);
        }
        if (v.deadline() == null || v.deadline().getEpochSecond() == 0) {
            return line;
        }
        return line + "; deadline " + TIME.format(v.deadline()) + " (" + RequesterSession.until(v.deadline(), now) + ")";
    }
}
