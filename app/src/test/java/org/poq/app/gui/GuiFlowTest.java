package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.TokenAmount;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.NodeRole;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, headless under Monocle, on a real anvil chain: first run (restore), a send,
 * starting a miner (the bundled GGUF through llama.cpp) and a validator (the bundled ONNX evaluator)
 * from the GUI, an ask they take part in; then a screenshot of every screen.
 */
@ExtendWith(ApplicationExtension.class)
class GuiFlowTest {
    static ProtocolFixture f;
    static BracketValidators brackets;
    static RoundNodes nodes;
    @TempDir
    static Path dir;
    static AppContext ctx;
    MainWindow window;
    Scene scene;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(2, 2);
        f.governor().addEvaluator(DefaultEvaluator.id(), "all-MiniLM-L6-v2");
        nodes = new RoundNodes(f, dir.resolve("nodes.db"), f.miners(), f.validators());
        brackets = BracketValidators.register(f, DefaultEvaluator.id());
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
        ctx = TestContexts.withRealEngines(dir.resolve("home"), Platform::runLater);
        // every click below would fail on a database read on the FX thread, as the app's window does
        ctx.db().forbidOn(Platform::isFxApplicationThread);
        window = new MainWindow(ctx, theme -> Application.setUserAgentStylesheet(theme.userAgentStylesheet()));
        scene = new Scene(window, 1280, 1000);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.sizeToScene(); // TestFX reuses one stage: another test class may have resized it
        stage.show();
    }

    private String text(FxRobot robot, String query) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(query).queryAs(Labeled.class).getText()));
        return out.get();
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }

    private void type(FxRobot robot, String query, String value) {
        robot.clickOn(query);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(value);
    }

    @Test
    void clickThroughFirstRunSendAskMinerAndValidator(FxRobot robot) throws Exception {
        waitFor("the first-run form", () -> robot.lookup("#finish").tryQuery().isPresent());
        robot.clickOn("#generate-phrase");
        waitFor("the phrase", () -> robot.lookup("#phrase-words").queryAs(javafx.scene.layout.FlowPane.class).getChildren().size() == 12);
        shoot("first-run");

        robot.clickOn("#mode-restore");
        type(robot, "#restore-phrase", TestContexts.PHRASE);
        robot.clickOn("#discover-accounts"); // anvil funds every test account: keep to account 1 here
        type(robot, "#password", TestContexts.PASSWORD);
        type(robot, "#password-repeat", TestContexts.PASSWORD);
        Path descriptor = dir.resolve("network.json");
        f.network().descriptor().write(descriptor);
        robot.clickOn("#network-kind");
        robot.clickOn("Network descriptor file");
        type(robot, "#network-value", descriptor.toString());
        type(robot, "#model-family", ProtocolFixture.FAMILY);
        robot.clickOn("#finish");
        waitFor("the shell", () -> robot.lookup("#nav-wallet").tryQuery().isPresent());
        assertThat(ctx.settings().evaluatorId()).isEqualTo(DefaultEvaluator.id());
        waitFor("the balance", () -> text(robot, "#poq-balance").endsWith("POQ") && !text(robot, "#poq-balance").equals("-"));

        // send POQ to the account that will run the validator (anvil account 6: ETH but no POQ)
        String validatorAccount = LocalAccounts.account(6).getAddress();
        type(robot, "#send-to", validatorAccount);
        type(robot, "#send-amount", "500");
        robot.clickOn("#send-review");
        waitFor("the quote", () -> robot.lookup("#send-confirm").query().isVisible());
        type(robot, "#send-password", TestContexts.PASSWORD);
        robot.clickOn("#send-confirm");
        waitFor("the send", () -> text(robot, "#send-status").startsWith("Sent 500 POQ"));
        assertThat(f.network().poqBalance(validatorAccount)).isEqualTo(TokenAmount.ofTokens(500));

        // the miner: the bundled GGUF in the llama.cpp worker, on wallet account 2 (anvil account 1)
        robot.interact(() -> {
            ctx.wallet().require().addAccount("Miner");
        });
        robot.clickOn("#nav-miner");
        robot.clickOn("#miner-bundled");
        waitFor("the bundled model", () -> robot.lookup("#miner-model").queryAs(ComboBox.class).getValue() != null);
        waitFor("the accounts", () -> robot.lookup("#miner-account").queryAs(ComboBox.class).getItems().size() == 2);
        type(robot, "#miner-password", TestContexts.PASSWORD);
        robot.clickOn("#miner-start");
        waitFor("the running miner", () -> text(robot, "#miner-status").startsWith("Running")
                || !text(robot, "#miner-error").isEmpty());
        assertThat(text(robot, "#miner-error")).isEmpty();
        assertThat(f.network().node(LocalAccounts.account(1).getAddress()).role()).isEqualTo(NodeRole.MINER);

        // the validator: the bundled all-MiniLM-L6-v2 through ONNX Runtime, on anvil account 6
        for (int i = 0; i < 5; i++) {
            ctx.wallet().require().addAccount("more");
        }
        robot.clickOn("#nav-validator");
        waitFor("the accounts", () -> robot.lookup("#validator-account").queryAs(ComboBox.class).getItems().size() == 7);
        @SuppressWarnings("unchecked")
        ComboBox<String> accounts = robot.lookup("#validator-account").queryAs(ComboBox.class);
        robot.interact(() -> accounts.setValue(validatorAccount));
        type(robot, "#validator-password", TestContexts.PASSWORD);
        robot.clickOn("#validator-start");
        waitFor("the running validator", () -> text(robot, "#validator-status").startsWith("Running")
                || !text(robot, "#validator-error").isEmpty());
        assertThat(text(robot, "#validator-error")).isEmpty();
        assertThat(f.network().node(validatorAccount).role()).isEqualTo(NodeRole.VALIDATOR);

        // ask: the two fixture miners answer with a fixed sentence, the GUI's miner with the tiny
        // random-weight model's noise; the GUI's validator scores all three with the real evaluator
        robot.clickOn("#nav-ask");
        type(robot, "#prompt", "What is the capital of France?");
        type(robot, "#ask-k", "3");
        type(robot, "#ask-m", "3"); // the window's validator and the two brackets
        brackets.scoreNextTaskInBackground();
        robot.clickOn("#ask-preview");
        waitFor("the fee preview", () -> text(robot, "#ask-preview-text").startsWith("Fee 10 POQ"));
        type(robot, "#ask-password", TestContexts.PASSWORD);
        robot.clickOn("#ask-submit");
        waitFor("the finalized round", () -> text(robot, "#ask-phase").equals("Finalized")
                && text(robot, "#ask-outcome").contains("refunded"));
        assertThat(robot.lookup("#ask-answers").queryAs(VBox.class).getChildren()).hasSize(3);
        var id = f.network().lastTaskId();
        int[] consensus = f.network().consensus(id).stream().mapToInt(Integer::intValue).toArray();
        String noiseMiner = LocalAccounts.account(1).getAddress();
        int noise = f.network().task(id).miners().stream().map(String::toLowerCase).toList().indexOf(noiseMiner.toLowerCase());
        assertThat(noise).as("k = 3 selects every miner").isNotNegative();
        for (int i = 0; i < consensus.length; i++) {
            if (i != noise) {
                assertThat(consensus[i]).as("the evaluator ranks the answer above the noise").isGreaterThan(consensus[noise]);
            }
        }

        robot.clickOn("#nav-wallet");
        WaitForAsyncUtils.waitForFxEvents();
        shoot("wallet");
        robot.clickOn("#nav-ask");
        shoot("ask");
        robot.clickOn("#nav-miner");
        waitFor("the miner's jobs", () -> !robot.lookup("#miner-jobs").queryAs(TableView.class).getItems().isEmpty());
        shoot("miner");
        robot.clickOn("#nav-validator");
        waitFor("the validator's jobs", () -> !robot.lookup("#validator-jobs").queryAs(TableView.class).getItems().isEmpty());
        shoot("validator");
        robot.clickOn("#nav-network");
        waitFor("the node list", () -> robot.lookup("#network-nodes").queryAs(TableView.class).getItems().size() == 8);
        waitFor("the task feed", () -> robot.lookup("#network-tasks").queryAs(TableView.class).getItems().size() == 1);
        shoot("network");
        robot.clickOn("#nav-settings");
        robot.clickOn("#theme");
        robot.clickOn("Dark");
        robot.clickOn("#settings-save");
        waitFor("the dark theme", () -> Application.getUserAgentStylesheet().contains("dark"));
        shoot("settings-dark");
        robot.clickOn("#nav-wallet");
        shoot("wallet-dark");
        assertThat(ctx.settings().theme()).isEqualTo(org.poq.app.gui.shell.Theme.DARK);
        robot.clickOn("#nav-miner");
        robot.clickOn("#miner-stop");
        waitFor("the stopped miner", () -> text(robot, "#miner-status").equals("Stopped"));
    }

    private void shoot(String name) throws IOException, InterruptedException {
        Screenshots.write(scene, name);
    }
}
