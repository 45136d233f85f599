package org.poq.network.node;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit and reveal of one task whose work is in the journal: sends the step the chain lacks while
 * its phase is open, and sends a step again from the journal when a reorganisation dropped it (the
 * same payload and salt, so never a second, different commitment). Every send is checked against the
 * network the records belong to first ({@link NetworkGuard#stillOn()}).
 */
final class TaskSteps {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSteps.class);

    private final PoqSession session;
    private final String me;
    private final Role role;
    private final NodeRecords records;
    private final NetworkGuard guard;
    private final DeadlineWatchdog deadlines;
    private final Consumer<String> checkpoint;
    private final AtomicLong resends = new AtomicLong();

    TaskSteps(PoqSession session, String me, Role role, NodeRecords records, NetworkGuard guard, DeadlineWatchdog deadlines,
              Consumer<String> checkpoint) {
        this.session = session;
        this.me = me;
        this.role = role;
        this.records = records;
        this.guard = guard;
        this.deadlines = deadlines;
        this.checkpoint = checkpoint;
    }

    long resends() {
        return resends.get();
    }

    void step(Participation p, TaskState t, PoqNetwork.Slot slot) {
        boolean commitOpen = t.phase() == role.commitPhase();
        boolean revealOpen = t.phase() == role.revealPhase();
        switch (p.state()) {
            case PREPARED -> {
                if (slot.committed()) {
                    records.advance(t.id(), ParticipationState.COMMITTED); // the commit was sent before a crash
                } else if (commitOpen && !deadlines.commitFits(t.deadline())) {
                    records.fail(t.id(), "the commit deadline passed before the work could be committed");
                } else if (commitOpen && guard.stillOn()) {
                    role.commit(session, t.id(), p.payload(), p.salt());
                    checkpoint.accept("after-commit-sent");
                    records.advance(t.id(), ParticipationState.COMMITTED);
                    checkpoint.accept("after-commit-recorded");
                } else if (!commitOpen) {
                    records.fail(t.id(), "the commit phase ended before the work was committed");
                }
            }
            case COMMITTED -> {
                if (slot.revealed()) {
                    records.advance(t.id(), ParticipationState.REVEALED);
                } else if (slot.committed() && revealOpen && guard.stillOn()) {
                    role.reveal(session, t.id(), p.payload(), p.salt());
                    records.advance(t.id(), ParticipationState.REVEALED);
                    checkpoint.accept("after-reveal-recorded");
                } else {
                    resendDropped(p, slot, commitOpen, revealOpen);
                }
            }
            case REVEALED -> resendDropped(p, slot, commitOpen, revealOpen);
            default -> { }
        }
    }

    /**
     * The journal says a step was sent but the chain does not have it: its block was dropped by a
     * reorganisation. The step is sent again from the journal while its phase is open.
     */
    private void resendDropped(Participation p, PoqNetwork.Slot slot, boolean commitOpen, boolean revealOpen) {
        boolean commit = !slot.committed() && commitOpen;
        if (!commit && !(p.state() == ParticipationState.REVEALED && slot.committed() && !slot.revealed() && revealOpen)) {
            return;
        }
        if (!guard.stillOn()) {
            return; // a reset, not a reorganisation: the record is of another chain and is never sent to this one
        }
        LOG.warn("{} {}: the {} for task {} was dropped from the chain (a reorganisation); sending it again from the journal",
                role.word(), me, commit ? "commit" : "reveal", p.taskId());
        resends.incrementAndGet();
        if (commit) {
            role.commit(session, p.taskId(), p.payload(), p.salt());
        } else {
            role.reveal(session, p.taskId(), p.payload(), p.salt());
        }
    }
}
