package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.firstrun.FirstRunView;
import org.poq.app.gui.firstrun.FirstRunViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.NetworkChoice;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 27, item 9, "First run", in a real window at 1180 x 800: errors showed only at the bottom of the
 * long form, out of view; "Words [7, 8] … do not match"; in Restore mode "Create a recovery phrase first."
 * stayed and the button still said "Create wallet and connect"; nothing showed progress during the ~25 s
 * create-and-connect. (The three check words side by side: MnemonicsTest.)
 */
@ExtendWith(ApplicationExtension.class)
class FirstRunWindowTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    AppContext ctx;
    FirstRunViewModel vm;
    Scene scene;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        vm = new FirstRunViewModel(ctx);
        Path descriptor = dir.resolve("net.json");
        f.network().descriptor().write(descriptor);
        vm.networkKindProperty().set(NetworkChoice.Kind.DESCRIPTOR_FILE);
        vm.networkValueProperty().set(descriptor.toString());
        scene = TestContexts.show(stage, new FirstRunView(vm), 1180, 800);
    }

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void anErrorShowsUnderTheFieldsItIsAboutWhileTheyAreInViewAndBesideTheButton(FxRobot robot) {
        type(robot, "#password", "short");
        type(robot, "#password-repeat", "short");
        robot.type(KeyCode.ENTER); // the default button: "Create wallet and connect", far below
        WaitForAsyncUtils.waitForFxEvents();
        Node underFields = robot.lookup("#firstrun-wallet-error").query();
        assertThat(text(robot, "#firstrun-wallet-error")).isEqualTo("The password needs at least 8 characters.");
        assertThat(underFields.isVisible()).isTrue();
        double y = y(robot, underFields);
        assertThat(y).as("the error under the wallet's fields is in the window").isBetween(0.0, scene.getHeight() - 20);
        assertThat(text(robot, "#firstrun-error")).as("and beside the button").isEqualTo("The password needs at least 8 characters.");
        assertThat(robot.lookup("#firstrun-network-error").query().isVisible()).isFalse();
    }

    @Test
    void restoreModeSaysRestoreAndDropsTheCreateModesError(FxRobot robot) {
        assertThat(text(robot, "#finish")).isEqualTo("Create wallet and connect");
        type(robot, "#password", TestContexts.PASSWORD);
        type(robot, "#password-repeat", TestContexts.PASSWORD);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#firstrun-error")).isEqualTo("Create a recovery phrase first.");
        robot.clickOn("#mode-restore");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#firstrun-error")).as("the Create mode's error, in Restore mode").isEmpty();
        assertThat(robot.lookup("#firstrun-wallet-error").query().isVisible()).isFalse();
        assertThat(text(robot, "#finish")).isEqualTo("Restore wallet and connect");
    }

    @Test
    void wrongCheckWordsAreNamedInWordsAndNeverSideBySide(FxRobot robot) {
        robot.interact(() -> robot.lookup("#generate-phrase").queryAs(Button.class).fire());
        robot.interact(() -> robot.lookup("#wrote-them-down").queryAs(Button.class).fire());
        List<Integer> asked = List.copyOf(vm.confirmPositions());
        for (int i = 1; i < asked.size(); i++) {
            assertThat(asked.get(i) - asked.get(i - 1)).as("positions %s", asked).isGreaterThan(1);
        }
        for (int row = 0; row < asked.size(); row++) {
            int r = row;
            robot.interact(() -> robot.lookup("#confirm-" + r).queryAs(TextInputControl.class).setText("wrong"));
        }
        type(robot, "#password", TestContexts.PASSWORD);
        type(robot, "#password-repeat", TestContexts.PASSWORD);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#firstrun-wallet-error")).isEqualTo("Words " + asked.get(0) + ", " + asked.get(1) + " and "
                + asked.get(2) + " do not match: check those words of the recovery phrase against what you wrote down.");
        assertThat(ctx.wallet().exists()).isFalse();
    }

    @Test
    void eachStepOfCreateAndConnectIsSaidBesideTheButtonWhileItRuns(FxRobot robot) {
        List<String> said = new CopyOnWriteArrayList<>();
        robot.interact(() -> vm.statusProperty().addListener((o, a, b) -> said.add(b)));
        robot.clickOn("#mode-restore");
        robot.interact(() -> robot.lookup("#restore-phrase").queryAs(TextInputControl.class).setText(TestContexts.PHRASE));
        type(robot, "#password", TestContexts.PASSWORD);
        type(robot, "#password-repeat", TestContexts.PASSWORD);
        robot.type(KeyCode.ENTER);
        Await.until("the wallet is made", () -> vm.doneProperty().get() || !vm.errorProperty().get().isEmpty());
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(said).containsSubsequence("Connecting to the network (step 1 of 3)...",
                "Writing the wallet, sealed with the password (step 2 of 3)...",
                "Finding the accounts this phrase already used (step 3 of 3)...", "Wallet created.");
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.interact(() -> robot.lookup(id).queryAs(TextInputControl.class).setText(text));
    }

    private static String text(FxRobot robot, String id) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(id).queryAs(Labeled.class).getText()));
        return out.get();
    }

    private static double y(FxRobot robot, Node n) {
        AtomicReference<Double> y = new AtomicReference<>();
        robot.interact(() -> y.set(n.localToScene(n.getBoundsInLocal()).getMinY()));
        return y.get();
    }
}
