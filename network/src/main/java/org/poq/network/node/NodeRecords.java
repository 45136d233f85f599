package org.poq.network.node;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.poq.core.TaskId;
import org.poq.network.Commitments;

/** One node's records in the journal, telling its listeners of each change. */
final class NodeRecords {
    private final ParticipationJournal journal;
    private final String me;
    private final Role role;
    private final List<Consumer<Participation>> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<TaskId> recorded;

    NodeRecords(ParticipationJournal journal, String me, Role role, Consumer<TaskId> recorded) {
        this.journal = journal;
        this.me = me;
        this.role = role;
        this.recorded = recorded;
    }

    void onChange(Consumer<Participation> listener) {
        listeners.add(listener);
    }

    Optional<Participation> get(TaskId id) {
        return journal.get(me, id);
    }

    List<Participation> unfinished() {
        return journal.unfinished(me);
    }

    /** Writes the payload and a fresh salt before anything is sent. */
    void prepare(TaskId id, Payload payload) {
        journal.prepare(me, id, role.kind(), payload, Commitments.newSalt());
        changed(id);
    }

    void advance(TaskId id, ParticipationState state) {
        journal.advance(me, id, state);
        changed(id);
    }

    void fail(TaskId id, String reason) {
        journal.fail(me, id, role.kind(), reason);
        changed(id);
    }

    void settle(TaskId id, TaskReader.Outcome o) {
        journal.settle(me, id, role.kind(), o.reward(), o.slashed(), o.penaltyReason(), o.consensus());
        changed(id);
    }

    private void changed(TaskId id) {
        journal.get(me, id).ifPresent(p -> {
            recorded.accept(id);
            listeners.forEach(l -> l.accept(p));
        });
    }
}
