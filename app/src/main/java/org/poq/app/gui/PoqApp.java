package org.poq.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.geometry.Rectangle2D;
import org.poq.app.gui.shell.WindowPlacement;
import org.poq.app.gui.shell.QuitCheck;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.OnnxScorers;
import org.poq.core.AppPaths;
import org.poq.core.concurrent.ExecutorTaskRunner;
import org.poq.wallet.keys.KdfParams;
import javafx.stage.Screen;

/** The JavaFX application: one context, one window. Started by {@code org.poq.app.Main} with no arguments. */
public final class PoqApp extends Application {
    /** The smallest window every screen is laid out for without cut labels (a screenshot test checks it). */
    public static final double MIN_WIDTH = 900;
    public static final double MIN_HEIGHT = 650;
    private AppContext ctx;
    private AppPaths paths;
    private Optional<WindowPlacement> savedPlace = Optional.empty();

    /** On the launcher thread, before the window: opening and migrating the database stays off the FX thread. */
    @Override
    public void init() {
        paths = AppPaths.fromEnvironment();
        savedPlace = WindowPlacement.load(paths.home());
        ctx = new AppContext(paths, KdfParams.STANDARD, new ExecutorTaskRunner("poq-gui", 4), Platform::runLater,
                new EngineMinerNodes(), new OnnxScorers(paths));
        ctx.db().forbidOn(Platform::isFxApplicationThread);
    }

    @Override
    public void start(Stage stage) {
        MainWindow window = new MainWindow(ctx, theme -> Application.setUserAgentStylesheet(theme.userAgentStylesheet()));
        List<Rectangle2D> screens = new ArrayList<>();
        screens.add(Screen.getPrimary().getVisualBounds());
        Screen.getScreens().stream().map(Screen::getVisualBounds).filter(b -> !b.equals(screens.get(0)))
                .forEach(screens::add);
        WindowPlacement place = WindowPlacement.choose(savedPlace, screens, MIN_WIDTH, MIN_HEIGHT);
        Scene scene = new Scene(window);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setTitle("PoQ Desktop");
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> QuitCheck.question(ctx).ifPresent(question -> {
            boolean nodes = !ctx.runningNodes().isEmpty();
            ButtonType stop = new ButtonType(nodes ? "Stop nodes and quit" : "Stop serving and quit", ButtonBar.ButtonData.OK_DONE);
            ButtonType keep = new ButtonType("Keep running in the background", ButtonBar.ButtonData.OTHER);
            Alert alert = nodes ? new Alert(Alert.AlertType.CONFIRMATION, question, stop, keep, ButtonType.CANCEL)
                    : new Alert(Alert.AlertType.CONFIRMATION, question, stop, ButtonType.CANCEL);
            alert.setHeaderText(nodes ? "Nodes are running" : "The endpoint is serving");
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
        stage.setX(place.x());
        stage.setY(place.y());
        stage.setWidth(place.width());
        stage.setHeight(place.height());
        stage.setOnHidden(e -> {
            if (!stage.isIconified() && !stage.isMaximized()) {
                new WindowPlacement(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()).save(paths.home());
            }
        });
        stage.show();
    }

    @Override
    public void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
