package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Platform;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.ask.AskView;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.Mnemonics;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Ask screen in a real JavaFX window (Monocle, headless) on a real anvil chain: a wallet that
 * locked itself is unlocked by the password typed on the Ask screen (it used to answer "the wallet is
 * locked"), while a wrong password submits nothing and leaves it locked.
 */
@ExtendWith(ApplicationExtension.class)
class AskWindowTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;
    AskViewModel vm;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3);
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
        ctx.connection().use(f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
    }

    @AfterAll
    static void stop() {
        TestContexts.close(ctx, f);
    }

    @Start
    void start(Stage stage) {
        vm = new AskViewModel(ctx);
        vm.load();
        TestContexts.show(stage, new AskView(vm), 1180, 900);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + " (screen says: '" + vm.errorProperty().get() + "')");
            }
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(50);
        }
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.interact(() -> robot.lookup(id).queryAs(TextInputControl.class).setText(text));
    }

    @Test
    void aPasswordTypedOnTheAskScreenUnlocksALockedWallet(FxRobot robot) throws Exception {
        var wallet = ctx.wallet().require();
        wallet.lock();
        assertThat(wallet.isUnlocked()).isFalse();
        var before = f.network().lastTaskId();
        type(robot, "#prompt", "What is the capital of France?");
        type(robot, "#ask-k", "3");
        type(robot, "#ask-m", "3");
        type(robot, "#ask-fee", "10");

        type(robot, "#ask-password", "not the password");
        robot.clickOn("#ask-submit");
        waitFor("the refusal", () -> !vm.errorProperty().get().isEmpty());
        assertThat(vm.errorProperty().get()).isEqualTo("Wrong password.");
        assertThat(wallet.isUnlocked()).as("a wrong password unlocks nothing").isFalse();
        assertThat(f.network().lastTaskId()).isEqualTo(before);

        type(robot, "#ask-password", TestContexts.PASSWORD);
        robot.type(KeyCode.ENTER); // Enter in the password field asks, as the button does
        waitFor("the submitted task", () -> vm.taskProperty().get() != null || !vm.errorProperty().get().isEmpty());
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.taskProperty().get()).isNotNull();
        assertThat(f.network().lastTaskId()).isNotEqualTo(before);
        assertThat(wallet.isUnlocked()).as("the password typed here unlocked the wallet").isTrue();
        assertThat(robot.lookup("#ask-password").queryAs(TextInputControl.class).getText()).as("the field is cleared").isEmpty();
        Platform.runLater(vm::closeStream);
    }
}
