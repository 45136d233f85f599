package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.settings.SettingsView;
import org.poq.app.gui.settings.SettingsViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.NetworkChoice;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings screen in a real JavaFX window (Monocle, headless) on a real anvil chain: "Saved." is
 * about the values as they were saved, so it goes as soon as one is edited (issue 27: it stayed beside
 * values nobody had saved).
 */
@ExtendWith(ApplicationExtension.class)
class SettingsWindowTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;
    SettingsViewModel vm;

    @BeforeAll
    static void chain() throws Exception {
        f = ProtocolFixture.start(0, 0);
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        Path descriptor = dir.resolve("net.json");
        f.network().descriptor().write(descriptor);
        ctx.settings().network(new NetworkChoice(NetworkChoice.Kind.DESCRIPTOR_FILE, descriptor.toString()));
    }

    @AfterAll
    static void stop() {
        TestContexts.close(ctx, f);
    }

    @Start
    void start(Stage stage) {
        vm = new SettingsViewModel(ctx);
        vm.load();
        TestContexts.show(stage, new SettingsView(vm, new Pane()), 1180, 800);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(50);
        }
    }

    @Test
    void savedGoesAsSoonAsAValueIsEditedAgain(FxRobot robot) throws Exception {
        TextInputControl lock = robot.lookup("#auto-lock").queryAs(TextInputControl.class);
        waitFor("the settings loaded", () -> "15".equals(lock.getText()));
        robot.interact(() -> lock.setText("20"));
        robot.clickOn("#settings-save");
        Label status = robot.lookup("#settings-status").queryAs(Label.class);
        waitFor("the save", () -> "Saved.".equals(status.getText()));

        robot.clickOn("#auto-lock");
        robot.type(KeyCode.END).type(KeyCode.DIGIT5); // 205 minutes: not saved yet
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lock.getText()).isEqualTo("205");
        assertThat(status.getText()).as("'Saved.' beside a value nobody saved").isEmpty();
        assertThat(ctx.settings().autoLockMinutes()).isEqualTo(20);
    }
}
