package org.poq.app.gui.network;

import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.poq.app.demo.DemoNodes;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalDevnet;

/**
 * Demo miners and validators for the local devnet, run inside the app: a new devnet has no nodes, so
 * an ask there would find nobody to answer. They use the devnet's test accounts 10 to 17 (never the
 * wallet's), the bundled demo model for the family the user asks for, and the default evaluator;
 * their journal is a database of their own, so the Miner and Validator screens show only the user's.
 */
public final class DemoNodesViewModel {
    static final int MINERS = 3;
    static final int VALIDATORS = 5;
    static final int FIRST_ACCOUNT = 10;

    private final AppContext ctx;
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private volatile Running current;

    /** The nodes and the database they journal in, stopped together; the family they serve. */
    private record Running(DemoNodes nodes, Database db, String family) implements AutoCloseable {
        /** Stops the nodes and takes them out of the draw, when the user stops them and when the app quits. */
        @Override
        public void close() {
            try {
                nodes.close();
                nodes.deregister();
            } finally {
                db.close();
            }
        }
    }

    public DemoNodesViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    /** Demo nodes are offered only while the app is connected to the local devnet. */
    public void refresh() {
        available.set(ctx.connection().current().map(n -> LocalDevnet.isLocal(n.descriptor())).orElse(false));
    }

    public CompletableFuture<Void> start() {
        error.set("");
        if (current != null) {
            return CompletableFuture.completedFuture(null);
        }
        busy.set(true);
        status.set("Starting " + MINERS + " miners and " + VALIDATORS + " validators...");
        return ctx.background().run("demo nodes", () -> {
            PoqNetwork net = ctx.connection().require();
            if (!LocalDevnet.isLocal(net.descriptor())) {
                throw new IllegalStateException("demo nodes run only on the local devnet (chain " + LocalDevnet.CHAIN_ID + ")");
            }
            String family = ctx.settings().modelFamily();
            Database db = Database.open(ctx.paths().devnet().resolve("demo-nodes.db"));
            try {
                DemoNodes nodes = DemoNodes.start(net, ctx.paths(), db,
                        new DemoNodes.Plan(family, MINERS, VALIDATORS, FIRST_ACCOUNT), line -> { });
                Running r = new Running(nodes, db, family);
                ctx.closeOnExit(r);
                ctx.track(nodes.launcher());
                return r;
            } catch (Exception | Error e) {
                db.close();
                throw e;
            }
        }, r -> {
            current = r;
            busy.set(false);
            running.set(true);
            status.set(MINERS + " demo miners (the bundled model, serving " + r.family() + ") and " + VALIDATORS
                    + " demo validators (all-MiniLM-L6-v2) are running. Stopping them (or quitting) takes them out of the draw.");
        }, m -> {
            busy.set(false);
            status.set("");
            error.set(m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> stop() {
        Running r = current;
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        busy.set(true);
        return ctx.background().run("stop demo nodes", () -> {
            ctx.forget(r);
            ctx.untrack(r.nodes().launcher());
            r.close();
            return null;
        }, v -> {
            current = null;
            busy.set(false);
            running.set(false);
            status.set("Demo nodes stopped and taken out of the draw (their stake unbonds): asks no longer wait for them.");
        }, m -> {
            busy.set(false);
            error.set(m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public ReadOnlyBooleanProperty availableProperty() { return available.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
}
