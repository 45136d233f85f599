package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.ask.AskView;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.firstrun.FirstRunView;
import org.poq.app.gui.firstrun.FirstRunViewModel;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.network.DemoNodesViewModel;
import org.poq.app.gui.network.NetworkView;
import org.poq.app.gui.network.NetworkViewModel;
import org.poq.app.gui.serve.ServeView;
import org.poq.app.gui.serve.ServeViewModel;
import org.poq.app.gui.settings.SettingsView;
import org.poq.app.gui.settings.SettingsViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.Screen;
import org.poq.app.gui.shell.Shell;
import org.poq.app.gui.shell.Theme;
import org.poq.app.gui.validator.ValidatorView;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.gui.wallet.WalletView;
import org.poq.app.gui.wallet.WalletViewModel;
import org.poq.core.TokenAmount;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.Mnemonics;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every screen of the window, inside the shell as the app shows it, measured at the default size
 * (1180x800) and the minimum (900x650), in the light and the dark theme, with errors showing, status
 * lines open, rows in every table and long values (a 42-character address, a balance of hundreds of
 * millions of POQ): no label, button, table cell, column header or read-only field may show less
 * than its text (issue 27, item 7).
 */
@ExtendWith(ApplicationExtension.class)
class LayoutTest {
    static final double[][] SIZES = {{1180, 800}, {PoqApp.MIN_WIDTH, PoqApp.MIN_HEIGHT}};
    static ProtocolFixture f;
    static RoundNodes nodes;
    @TempDir
    static Path dir;
    static AppContext ctx;
    Stage stage;
    Scene scene;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(2, 3);
        nodes = new RoundNodes(f, dir.resolve("nodes.db"), f.miners(), f.validators());
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        nodes.close();
        f.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
        ctx.connection().use(f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        scene = new Scene(new StackPane(), 1180, 800);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void noTextIsCutOnAnyScreenAtEitherSizeInEitherThemeWithErrorsAndLongValues(FxRobot robot) throws Exception {
        WalletViewModel wallet = new WalletViewModel(ctx);
        AskViewModel ask = new AskViewModel(ctx);
        MinerViewModel miner = new MinerViewModel(ctx);
        ValidatorViewModel validator = new ValidatorViewModel(ctx);
        NetworkViewModel network = new NetworkViewModel(ctx);
        DemoNodesViewModel demo = new DemoNodesViewModel(ctx);
        SettingsViewModel settings = new SettingsViewModel(ctx);
        ServeViewModel serve = new ServeViewModel(ctx);
        List<Screen> screens = new ArrayList<>();
        robot.interact(() -> {
            screens.add(new Screen("wallet", "Wallet", Feather.CREDIT_CARD, new WalletView(wallet), () -> { }));
            screens.add(new Screen("ask", "Ask", Feather.MESSAGE_SQUARE, new AskView(ask), () -> { }));
            screens.add(new Screen("miner", "Miner", Feather.CPU, new MinerView(miner), () -> { }));
            screens.add(new Screen("validator", "Validator", Feather.CHECK_SQUARE, new ValidatorView(validator), () -> { }));
            screens.add(new Screen("network", "Network", Feather.GLOBE, new NetworkView(network, demo), () -> { }));
            screens.add(new Screen("settings", "Settings", Feather.SETTINGS, new SettingsView(settings, new ServeView(serve)), () -> { }));
        });
        ReadOnlyStringWrapper statusLine = new ReadOnlyStringWrapper("Connected to " + f.network().descriptor().name()
                + " at " + f.network().rpcUrlInUse() + "  ·  block 123456");
        Shell shell = onFx(() -> new Shell(screens, statusLine.getReadOnlyProperty()));

        // the states with the most text: a payment sent (its status line open), a row in every table,
        // an error under a field, the node cards' errors, the fee preview
        join(wallet.refresh());
        robot.interact(() -> {
            wallet.recipientProperty().set(f.requester().address());
            wallet.amountProperty().set("1");
        });
        join(onFx(wallet::prepareSend));
        robot.interact(() -> wallet.sendPasswordProperty().set(TestContexts.PASSWORD));
        join(onFx(wallet::confirmSend));
        join(wallet.refresh());
        robot.interact(() -> {
            wallet.recipientProperty().set("0x1234");
            wallet.amountProperty().set("-5");
        });
        join(onFx(wallet::prepareSend));
        join(miner.load());
        join(onFx(miner::addBundledModel));
        Await.until("the demo model chosen", () -> miner.modelProperty().get() != null);
        robot.interact(() -> {
            miner.gpuLayersProperty().set("lots");
            miner.contextProperty().set("0");
            miner.threadsProperty().set("100000");
            miner.node().stakeProperty().set("100");
        });
        join(onFx(miner::start)); // refused: an error under each engine field (the labels read "GPU…", "Cont…")
        join(validator.load());
        robot.interact(() -> validator.node().stakeProperty().set("ten"));
        join(onFx(validator::start));
        var id = f.governor().submitTask(f.request(2, 3, TokenAmount.ofTokens(30)));
        Await.until("the round to finish", () -> f.network().task(id).phase().name().equals("FINALIZED"));
        join(network.refresh());
        join(ask.load());
        robot.interact(() -> {
            ask.promptProperty().set("What is the capital of France?");
            ask.feeProperty().set("0.000001");
        });
        join(onFx(ask::previewFee));
        join(onFx(ask::submit));
        join(settings.load());
        join(serve.load());
        FirstRunViewModel firstRun = new FirstRunViewModel(ctx);
        robot.interact(firstRun::generatePhrase);
        join(onFx(firstRun::finish));

        List<String> cut = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            robot.interact(() -> Application.setUserAgentStylesheet(theme.userAgentStylesheet()));
            for (double[] size : SIZES) {
                robot.interact(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                    scene.setRoot(shell);
                });
                for (Screen s : screens) {
                    robot.interact(() -> shell.show(s.id()));
                    cut.addAll(measure(robot, s.id(), theme, size));
                }
                robot.interact(() -> scene.setRoot(new FirstRunView(firstRun)));
                cut.addAll(measure(robot, "first run", theme, size));
            }
        }
        assertThat(cut).as("text cut on the screens").isEmpty();
    }

    private List<String> measure(FxRobot robot, String screen, Theme theme, double[] size) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> found = new ArrayList<>();
        robot.interact(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            for (String c : CutText.in(scene.getRoot())) {
                found.add(screen + " " + (int) size[0] + "x" + (int) size[1] + " " + theme + ": " + c);
            }
        });
        return found;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> what) throws Exception {
        return WaitForAsyncUtils.asyncFx(what).get(60, TimeUnit.SECONDS);
    }

    private static void join(CompletableFuture<?> f) throws Exception {
        try {
            f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // a refused action is one of the states measured here
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
