package org.poq.app.gui.shell;

import java.time.Clock;
import org.poq.app.serve.Serving;
import org.poq.app.service.MinerNodes;
import org.poq.app.service.NodeLauncher;
import org.poq.app.service.ScorerSource;
import org.poq.core.AppPaths;
import org.poq.core.Closeables;
import org.poq.core.concurrent.TaskRunner;
import org.poq.core.concurrent.UiExecutor;
import org.poq.core.db.Database;
import org.poq.core.db.SettingsStore;
import org.poq.wallet.keys.KdfParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.WalletFile;

/**
 * Everything the screens share, built once by the application (or by a test) and passed down: no
 * static singletons. {@code minerNodes} and {@code scorers} say how a node does its work (the
 * llama.cpp engine and the ONNX evaluator in the app, small functions in tests); nodes start and stop
 * through the {@link NodeLauncher}, and asking goes through {@link #requester()}.
 */
public final class AppContext implements AutoCloseable {
    private final AppPaths paths;
    private final Database db;
    private final Settings settings;
    private final TaskRunner runner;
    private final Background background;
    private final Connection connection;
    private final WalletHolder wallet;
    private final NodeLauncher nodes;
    private final List<AutoCloseable> closeOnExit = new CopyOnWriteArrayList<>();
    private final List<NodeLauncher> otherLaunchers = new CopyOnWriteArrayList<>();

    public AppContext(AppPaths paths, KdfParams kdf, TaskRunner runner, UiExecutor ui,
                      MinerNodes minerNodes, ScorerSource scorers) {
        this.paths = paths;
        this.db = Database.open(paths.database());
        this.settings = new Settings(new SettingsStore(db));
        this.runner = runner;
        this.background = new Background(runner, ui);
        this.connection = new Connection(paths);
        this.wallet = new WalletHolder(WalletFile.of(paths), kdf, Clock.systemUTC());
        this.nodes = new NodeLauncher(db, minerNodes, scorers);
    }

    public AppPaths paths() {
        return paths;
    }

    public Database db() {
        return db;
    }

    public Settings settings() {
        return settings;
    }

    public Background background() {
        return background;
    }

    public Connection connection() {
        return connection;
    }

    /** Asking the network through the current connection (the same class `poq ask` uses). */
    public RequesterSession requester() {
        return new RequesterSession(connection.require());
    }

    public WalletHolder wallet() {
        return wallet;
    }

    /** This machine's miner and validator nodes (the same launcher `poq node` and the demo use). */
    public NodeLauncher nodes() {
        return nodes;
    }

    /** Another launcher whose nodes run in this app (the demo nodes'), counted when the window closes. */
    public void track(NodeLauncher launcher) {
        otherLaunchers.add(launcher);
    }

    public void untrack(NodeLauncher launcher) {
        otherLaunchers.remove(launcher);
    }

    /** Every node running in this app: the user's (Miner and Validator screens) and the demo nodes. */
    public List<NodeLauncher.Started> runningNodes() {
        List<NodeLauncher.Started> all = new ArrayList<>(nodes.running());
        otherLaunchers.forEach(l -> all.addAll(l.running()));
        return all;
    }

    /** Something a screen started that must stop with the app (nodes, their database). */
    public void closeOnExit(AutoCloseable c) {
        closeOnExit.add(c);
    }

    /** The base URLs of the endpoints this window serves (Settings, "Serve"), which quitting stops. */
    public List<String> serving() {
        return closeOnExit.stream().filter(c -> c instanceof Serving).map(c -> ((Serving) c).baseUrl()).toList();
    }

    public void forget(AutoCloseable c) {
        closeOnExit.remove(c);
    }

    @Override
    public void close() {
        Closeables.closeAll(closeOnExit);
        nodes.close();
        connection.close();
        runner.close();
        db.close();
    }
}
