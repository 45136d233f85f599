package org.poq.app.gui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import org.poq.app.gui.shell.QuitCheck;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.OnnxScorers;
import org.poq.core.AppPaths;
import org.poq.core.concurrent.ExecutorTaskRunner;
import org.poq.wallet.keys.KdfParams;

/** The JavaFX application: one context, one window. Started by {@code org.poq.app.Main} with no arguments. */
public final class PoqApp extends Application {
    /** The smallest window every screen is laid out for without cut labels (a screenshot test checks it). */
    public static final double MIN_WIDTH = 900;
    public static final double MIN_HEIGHT = 650;
    private AppContext ctx;

    /** On the launcher thread, before the window: opening and migrating the database stays off the FX thread. */
    @Override
    public void init() {
        AppPaths paths = AppPaths.fromEnvironment();
        ctx = new AppContext(paths, KdfParams.STANDARD, new ExecutorTaskRunner("poq-gui", 4), Platform::runLater,
                new EngineMinerNodes(), new OnnxScorers(paths));
        ctx.db().forbidOn(Platform::isFxApplicationThread);
    }

    @Override
    public void start(Stage stage) {
        MainWindow window = new MainWindow(ctx, theme -> Application.setUserAgentStylesheet(theme.userAgentStylesheet()));
        Scene scene = new Scene(window, 1180, 800);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setTitle("PoQ Desktop");
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> QuitCheck.question(ctx).ifPresent(question -> {
            ButtonType stop = new ButtonType("Stop nodes and quit", ButtonBar.ButtonData.OK_DONE);
            ButtonType keep = new ButtonType("Keep them running", ButtonBar.ButtonData.OTHER);
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, stop, keep, ButtonType.CANCEL);
            alert.setHeaderText("Nodes are running");
            alert.initOwner(stage);
            ButtonType choice = alert.showAndWait().orElse(ButtonType.CANCEL);
            if (choice == keep) {
                // the JVM, and with it the nodes, lives on without a window; SIGTERM runs the shutdown hook
                Platform.setImplicitExit(false);
                Runtime.getRuntime().addShutdownHook(new Thread(ctx::close, "poq-headless-stop"));
                System.err.println("poq: the window closed; " + ctx.runningNodes().size()
                        + " node(s) keep running in process " + ProcessHandle.current().pid() + " (stop: kill "
                        + ProcessHandle.current().pid() + ")");
            } else if (choice != stop) {
                e.consume();
            }
        }));
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.show();
    }

    @Override
    public void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
