package org.poq.app.gui.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.AmountFormat;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.events.TaskEvent;
import java.util.Collections;
import java.util.Locale;
import org.web3j.utils.Numeric;

/**
 * The network at a glance: connection and height, registered nodes with stake and trust, a feed of
 * tasks, and per-task quality (best consensus) and rewards for the charts. Each refresh reads only
 * the blocks after the previous one; the view calls it on a timer.
 */
public final class NetworkViewModel {
    public record NodeRow(String address, String role, String serves, String stake, String trust) {
    }

    public record TaskRow(TaskId id, String requester, String prompt, int k, int m, String fee, String status,
                          int bestScore, TokenAmount rewards) {
    }

    private final AppContext ctx;
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("Not connected");
    private final ReadOnlyStringWrapper height = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper randomness = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyListWrapper<NodeRow> nodes = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<TaskRow> tasks = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    // touched only by the refresh work, which runs one at a time
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<TaskId, TaskRow> taskRows = new LinkedHashMap<>();
    private PoqNetwork seen;
    private String randomnessKind = "-"; // read once per connection: fixed at deploy
    private long nextBlock = -1;
    private volatile boolean refreshing;

    public NetworkViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    private record Snapshot(String connection, long height, String randomness, List<NodeRow> nodes, List<TaskRow> tasks) {
    }

    public CompletableFuture<Void> refresh() {
        if (refreshing || ctx.connection().current().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        refreshing = true;
        return ctx.background().run("network refresh", this::read, s -> {
            refreshing = false;
            error.set("");
            connection.set(s.connection());
            height.set(Long.toString(s.height()));
            randomness.set(s.randomness());
            nodes.setAll(s.nodes());
            tasks.setAll(s.tasks());
        }, m -> {
            refreshing = false;
            error.set(m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private synchronized Snapshot read() {
        PoqNetwork n = ctx.connection().require();
        if (n != seen) {
            seen = n;
            known.clear();
            taskRows.clear();
            nextBlock = n.descriptor().deployBlock();
            randomnessKind = n.randomnessKind();
        }
        long head = n.blockNumber();
        known.addAll(n.registeredNodes(nextBlock, head));
        for (TaskEvent e : nextBlock <= head ? n.events(nextBlock, head) : List.<TaskEvent>of()) {
            apply(e);
        }
        nextBlock = head + 1;
        List<NodeRow> rows = new ArrayList<>();
        for (String a : known) {
            NodeInfo i = n.node(a);
            if (i.role() == NodeRole.NONE && i.stake().isZero()) {
                continue;
            }
            String serves = i.role() == NodeRole.MINER ? i.modelFamily()
                    : "evaluator " + Numeric.toHexString(i.evaluatorId()).substring(0, 12) + "…";
            rows.add(new NodeRow(a, i.role().name().toLowerCase(), serves, AmountFormat.of(i.stake(), AmountFormat.POQ),
                    String.format(Locale.ROOT, "%.3f", i.trustAsDouble())));
        }
        List<TaskRow> feed = new ArrayList<>(taskRows.values());
        Collections.reverse(feed);
        var d = n.descriptor();
        return new Snapshot(d.name() + " (chain " + d.chainId() + ") at " + n.rpcUrlInUse(), head, randomnessKind, rows, feed);
    }

    private void apply(TaskEvent e) {
        TaskRow r = taskRows.get(e.taskId());
        if (e instanceof TaskEvent.Submitted s) {
            String p = s.prompt().length() > 60 ? s.prompt().substring(0, 60) + "…" : s.prompt();
            taskRows.put(s.taskId(), new TaskRow(s.taskId(), s.requester(), p, s.k(), s.m(),
                    AmountFormat.of(s.fee(), AmountFormat.POQ), "answering", -1, TokenAmount.ZERO));
        } else if (r != null && e instanceof TaskEvent.PhaseChanged pc) {
            taskRows.put(r.id(), with(r, pc.phase().name().toLowerCase().replace('_', ' '), r.bestScore(), r.rewards()));
        } else if (r != null && e instanceof TaskEvent.Rewarded rw) {
            taskRows.put(r.id(), with(r, r.status(), r.bestScore(), r.rewards().plus(rw.amount())));
        } else if (r != null && e instanceof TaskEvent.Finalized f) {
            int best = f.hasBest() ? f.consensus().get(f.bestIndex()) : 0;
            taskRows.put(r.id(), with(r, "finalized", best, r.rewards()));
        }
    }

    private static TaskRow with(TaskRow r, String status, int best, TokenAmount rewards) {
        return new TaskRow(r.id(), r.requester(), r.prompt(), r.k(), r.m(), r.fee(), status, best, rewards);
    }

    public ReadOnlyStringProperty connectionProperty() { return connection.getReadOnlyProperty(); }
    public ReadOnlyStringProperty heightProperty() { return height.getReadOnlyProperty(); }
    /** Where the network's draws take their randomness from, in the market's words (block hash, drand beacon). */
    public ReadOnlyStringProperty randomnessProperty() { return randomness.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyListProperty<NodeRow> nodes() { return nodes.getReadOnlyProperty(); }
    public ReadOnlyListProperty<TaskRow> tasks() { return tasks.getReadOnlyProperty(); }
}
