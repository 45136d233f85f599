package org.poq.app.gui;

import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.Theme;
import org.poq.app.gui.validator.ValidatorView;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.service.FunctionMinerNodes;
import org.poq.app.service.FunctionScorers;
import org.poq.app.service.MinerNodes;
import org.poq.app.service.OnnxScorers;
import org.poq.app.service.ScorerSource;
import org.poq.core.AppPaths;
import org.poq.core.concurrent.ExecutorTaskRunner;
import org.poq.core.concurrent.UiExecutor;
import org.poq.network.NetworkDescriptor;
import org.poq.network.node.MinerWork;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.node.ValidatorWork;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.Mnemonics;

/** Real contexts for tests: a temp data folder, real SQLite, a light KDF, nodes with simple work. */
public final class TestContexts {
    public static final String PHRASE = "test test test test test test test test test test test junk";
    public static final String PASSWORD = "correct horse battery";
    public static final MinerWork ANSWER = ctx -> "Paris is the capital of France.";
    public static final ValidatorWork SCORE = ctx -> ctx.answers().stream()
            .mapToInt(a -> a == null ? 0 : score(a)).toArray();

    /** The test evaluator: an answer naming Paris is good. */
    public static int score(String answer) {
        return answer.contains("Paris") ? 9000 : 1500;
    }

    private TestContexts() {
    }

    public static AppContext create(Path dir, UiExecutor ui) {
        return create(dir, ui, new FunctionMinerNodes("test answers", ANSWER), new FunctionScorers("test scores", TestContexts::score));
    }

    /** A context whose nodes answer and score as {@code miners} and {@code scorers} say. */
    public static AppContext create(Path dir, UiExecutor ui, MinerNodes miners, ScorerSource scorers) {
        return new AppContext(new AppPaths(dir), KdfParams.light(1024), new ExecutorTaskRunner("test-gui", 3), ui, miners, scorers);
    }

    /** The app's own node factories: the llama.cpp worker process and the ONNX evaluator. */
    public static AppContext withRealEngines(Path dir, UiExecutor ui) {
        AppPaths paths = new AppPaths(dir);
        return new AppContext(paths, KdfParams.light(1024), new ExecutorTaskRunner("test-gui", 3), ui,
                new EngineMinerNodes(), new OnnxScorers(paths));
    }

    /** Shows {@code root} in the light theme with the app's stylesheet, at {@code width} x {@code height}, as the window does. */
    public static Scene show(Stage stage, Parent root, double width, double height) {
        Application.setUserAgentStylesheet(Theme.LIGHT.userAgentStylesheet());
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        return scene;
    }

    /** The Miner and the Validator screens in two real windows at the top left, light theme, for tests that watch both. */
    public static void showMinerAndValidator(Stage stage, MinerViewModel miner, ValidatorViewModel validator) {
        Application.setUserAgentStylesheet(Theme.LIGHT.userAgentStylesheet());
        stage.setScene(new Scene(new MinerView(miner), 1180, 1390));
        stage.setX(0);
        stage.setY(0);
        stage.show();
        Stage second = new Stage();
        second.setScene(new Scene(new ValidatorView(validator), 1180, 1390));
        second.setX(0);
        second.setY(0);
        second.show();
    }

    /** Closes a window test's context (when it was made) and then its chain. */
    public static void close(AppContext ctx, ProtocolFixture f) {
        if (ctx != null) {
            ctx.close();
        }
        f.close();
    }

    /** A context with the well-known test wallet (account 0 is the fixture's governor, rich in POQ), unlocked. */
    public static AppContext withWallet(Path dir, NetworkDescriptor network) {
        return openWallet(create(dir, UiExecutor.direct()), network);
    }

    /** Creates the well-known test wallet in {@code ctx} (unlocked, locking after an hour) and connects it to {@code network}. */
    public static AppContext openWallet(AppContext ctx, NetworkDescriptor network) {
        ctx.wallet().create(Mnemonics.parse(PHRASE.toCharArray()), PASSWORD.toCharArray(), Duration.ofHours(1));
        ctx.connection().use(network);
        return ctx;
    }
}
