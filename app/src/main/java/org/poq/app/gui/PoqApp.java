package org.poq.app.gui;

import javafx.application.Application;
import javafx.application.Platform;
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
    private AppContext ctx;

    @Override
    public void start(Stage stage) {
        AppPaths paths = AppPaths.fromEnvironment();
        ctx = new AppContext(paths, KdfParams.STANDARD, new ExecutorTaskRunner("poq-gui", 4), Platform::runLater,
                new EngineMinerNodes(), new OnnxScorers(paths));
        MainWindow window = new MainWindow(ctx, theme -> Application.setUserAgentStylesheet(theme.userAgentStylesheet()));
        Scene scene = new Scene(window, 1180, 800);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setTitle("PoQ Desktop");
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
