package org.poq.app.gui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.ask.AskView;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.firstrun.FirstRunView;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.network.NetworkView;
import org.poq.app.gui.network.DemoNodesViewModel;
import org.poq.app.gui.network.NetworkViewModel;
import org.poq.app.gui.validator.ValidatorView;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.gui.firstrun.FirstRunViewModel;
import org.poq.app.gui.serve.ServeView;
import org.poq.app.gui.serve.ServeViewModel;
import org.poq.app.gui.settings.SettingsView;
import org.poq.app.gui.settings.SettingsViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.Screen;
import org.poq.app.gui.shell.Shell;
import org.poq.app.gui.shell.Theme;
import org.poq.app.gui.wallet.WalletView;
import org.poq.app.gui.wallet.WalletViewModel;
import java.util.function.Consumer;

/**
 * The window's content: the first-run form until a wallet exists, then the shell with every screen.
 * Built by {@link PoqApp} and by the TestFX tests, which hand it their own context.
 */
public final class MainWindow extends StackPane {
    private final AppContext ctx;
    private final ReadOnlyStringWrapper statusLine = new ReadOnlyStringWrapper("Starting...");
    private final Consumer<Theme> applyTheme;
    private Shell shell;
    private Screens screens;

    public MainWindow(AppContext ctx, Consumer<Theme> applyTheme) {
        this.ctx = ctx;
        this.applyTheme = applyTheme;
        setId("main-window");
        ctx.background().run("open app", () -> {
            boolean ready = ctx.settings().setupDone() && ctx.wallet().exists();
            Theme theme = ctx.settings().theme();
            if (ready) {
                ctx.wallet().open(Duration.ofMinutes(ctx.settings().autoLockMinutes()));
            }
            return new Object[]{ready, theme};
        }, r -> {
            applyTheme.accept((Theme) r[1]);
            if ((Boolean) r[0]) {
                showShell(true);
            } else {
                showFirstRun();
            }
        }, m -> statusLine.set("Cannot open the app's data: " + m));
    }

    private void showFirstRun() {
        FirstRunViewModel vm = new FirstRunViewModel(ctx);
        vm.doneProperty().addListener((o, a, done) -> {
            if (done) {
                showShell(false);
            }
        });
        getChildren().setAll(new FirstRunView(vm));
    }

    private void showShell(boolean connect) {
        screens = new Screens();
        shell = new Shell(screens.list, statusLine.getReadOnlyProperty());
        getChildren().setAll(shell);
        if (connect) {
            statusLine.set("Connecting...");
            ctx.background().run("connect", () -> ctx.connection().connect(ctx.settings().network()),
                    n -> screens.connected(), m -> statusLine.set("Not connected: " + m));
        } else {
            screens.connected();
        }
    }

    public Shell shell() {
        return shell;
    }

    /** The screens and their view models, made once the wallet exists. */
    private final class Screens {
        final List<Screen> list = new ArrayList<>();
        final WalletViewModel wallet = new WalletViewModel(ctx);
        final SettingsViewModel settings = new SettingsViewModel(ctx);
        final AskViewModel ask = new AskViewModel(ctx);
        final MinerViewModel miner = new MinerViewModel(ctx);
        final ValidatorViewModel validator = new ValidatorViewModel(ctx);
        final NetworkViewModel network = new NetworkViewModel(ctx);
        final DemoNodesViewModel demoNodes = new DemoNodesViewModel(ctx);
        final ServeViewModel serve = new ServeViewModel(ctx);

        Screens() {
            list.add(new Screen("wallet", "Wallet", Feather.CREDIT_CARD, new WalletView(wallet), wallet::refresh));
            list.add(new Screen("ask", "Ask", Feather.MESSAGE_SQUARE, new AskView(ask), ask::load));
            list.add(new Screen("miner", "Miner", Feather.CPU, new MinerView(miner), miner::load));
            list.add(new Screen("validator", "Validator", Feather.CHECK_SQUARE, new ValidatorView(validator), () -> {
                validator.load().thenRun(validator::inspect);
            }));
            list.add(new Screen("network", "Network", Feather.GLOBE, new NetworkView(network, demoNodes), () -> {
                demoNodes.refresh();
                network.refresh();
            }));
            list.add(new Screen("settings", "Settings", Feather.SETTINGS, new SettingsView(settings, new ServeView(serve)), () -> {
                settings.load();
                serve.load();
            }));
            settings.appliedThemeProperty().addListener((o, a, t) -> applyTheme.accept(t));
        }

        void connected() {
            ctx.connection().current().ifPresent(n -> statusLine.set("Connected to " + n.descriptor().name() + " at " + n.rpcUrlInUse()));
            network.heightProperty().addListener((o, a, h) -> ctx.connection().current().ifPresent(n ->
                    statusLine.set("Connected to " + n.descriptor().name() + " at " + n.rpcUrlInUse() + "  ·  block " + h)));
            wallet.refresh();
            network.refresh();
        }
    }
}
