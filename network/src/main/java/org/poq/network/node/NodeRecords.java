package org.poq.network.node;

import java.util.List;
import java.util.Objects;
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
        Optional<Participation> before = journal.get(me, id);
        journal.advance(me, id, state);
        changed(id, before);
    }

    void fail(TaskId id, String reason) {
        Optional<Participation> before = journal.get(me, id);
        journal.fail(me, id, role.kind(), reason);
        changed(id, before);
    }

    void settle(TaskId id, TaskReader.Outcome o) {
        Optional<Participation> before = journal.get(me, id);
        journal.settle(me, id, role.kind(), o.reward(), o.slashed(), o.penaltyReason(), o.consensus());
        changed(id, before);
    }

    private void changed(TaskId id) {
        changed(id, Optional.empty());
    }

    /**
     * Tells the listeners of a record that changed, once per change: a finalized task is settled again
     * on each of its later events (every Rewarded and Penalized one) with the same outcome, and a node
     * printed "task #N: finished" a dozen times for one task (issue 28).
     */
    private void changed(TaskId id, Optional<Participation> before) {
        journal.get(me, id).ifPresent(p -> {
            recorded.accept(id);
            if (before.isPresent() && sameStep(before.get(), p)) {
                return;
            }
            listeners.forEach(l -> l.accept(p));
        });
    }

    /** The same state, outcome and reason: nothing a person or a counter would read differently. */
    private static boolean sameStep(Participation a, Participation b) {
        return a.state() == b.state() && Objects.equals(a.note(), b.note()) && Objects.equals(a.rewardWei(), b.rewardWei())
                && Objects.equals(a.slashedWei(), b.slashedWei()) && Objects.equals(a.penaltyReason(), b.penaltyReason())
                && Objects.equals(a.consensus(), b.consensus());
    }
}
