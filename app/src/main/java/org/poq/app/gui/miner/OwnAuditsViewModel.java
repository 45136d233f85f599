package org.poq.app.gui.miner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.NodeControl;
import org.poq.app.service.OwnAudits;
import org.poq.core.TaskId;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationState;

/** The Miner screen's list of the audits of its own answers, read again whenever its jobs change. */
public final class OwnAuditsViewModel {
    private final AppContext ctx;
    private final NodeControl node;
    private final ReadOnlyListWrapper<String> lines = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    /** The account and finished tasks the lines were read for: a finished task's audit no longer changes. */
    private Read shown;

    private record Read(String account, List<TaskId> tasks) {
    }

    OwnAuditsViewModel(AppContext ctx, NodeControl node) {
        this.ctx = ctx;
        this.node = node;
        node.onJobsChanged(this::read);
    }

    /**
     * Reads the finished tasks' audits from the chain (three reads however many tasks), called on the UI thread;
     * not again while the account's finished tasks are those already shown (a job starting or being
     * answered changes the jobs, not a finished task's audit).
     */
    public CompletableFuture<Void> read() {
        String me = node.nodeAccount();
        List<TaskId> oldestFirst = new ArrayList<>(node.jobList().stream()
                .filter(p -> p.state() == ParticipationState.FINISHED).map(Participation::taskId).toList());
        Collections.reverse(oldestFirst);
        Read wanted = new Read(me, List.copyOf(oldestFirst));
        if (wanted.equals(shown)) {
            return CompletableFuture.completedFuture(null);
        }
        if (me == null || oldestFirst.isEmpty()) {
            // another account, or none, with no finished task: the last account's audits are not this one's
            lines.clear();
            shown = wanted;
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("audits of my answers", () -> OwnAudits.of(ctx.connection().require(), me, oldestFirst)
                        .stream().map(OwnAudits.Line::describe).toList(), read -> {
                    lines.setAll(read);
                    shown = wanted;
                }, node::reportError)
                .<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Newest task first: the verdict, positions checked and each auditor's mismatches, in `poq task`'s words. */
    public ReadOnlyListProperty<String> lines() { return lines.getReadOnlyProperty(); }
}
