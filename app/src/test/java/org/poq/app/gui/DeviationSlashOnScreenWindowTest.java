package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.ValidatorView;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.service.FunctionMinerNodes;
import org.poq.app.service.FunctionScorers;
import org.poq.app.service.SlashedRounds;
import org.poq.core.AmountFormat;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.PenaltyReason;
import org.poq.network.ProtocolParams;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 26, "every slash visible on the Validator screen", for the slash a lazy or lying validator earns:
 * scores far from consensus. Four honest validators and one started from the Validator screen in a real
 * window, whose evaluator gives every answer 0 where the honest ones give 9,000, are drawn into an m = 5
 * task on anvil; with three witnesses within the tolerance the chain slashes the far one (decision 0046),
 * and the screen lists the slash with the task id, the amount the chain's Penalized event took and the
 * reason in words, and its totals. (SlashOnScreenWindowTest covers the absent node's slash.)
 */
@ExtendWith(ApplicationExtension.class)
class DeviationSlashOnScreenWindowTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    static ProtocolFixture f;
    static RoundNodes honest;
    AppContext ctx;
    ValidatorViewModel validator;

    /** The chain and its honest nodes before the window: starting seven nodes would outlast TestFX's setup time. */
    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 4, ProtocolParams.defaults().withWindows(30, 30));
        honest = new RoundNodes(f, shared.resolve("honest.db"), List.copyOf(f.miners()), List.copyOf(f.validators()));
    }

    @AfterAll
    static void stopChain() {
        honest.close();
        f.close();
    }

    @Start
    void start(Stage stage) {
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater, new FunctionMinerNodes("unused", TestContexts.ANSWER),
                new FunctionScorers("far from consensus", answer -> 0));
        TestContexts.openWallet(ctx, f.network().descriptor());
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        validator = new ValidatorViewModel(ctx);
        TestContexts.show(stage, new ValidatorView(validator), 1180, 1390);
    }

    @AfterEach
    void close() {
        validator.node().stop().join();
        ctx.close();
    }

    @Test
    void aValidatorSlashedForScoresFarFromConsensusSeesTheSlashWithTaskAndReasonOnItsScreen(FxRobot robot) {
        validator.load().join();
        while (validator.node().accounts().size() < 10) {
            validator.node().addAccount().join(); // the fixture's nodes hold anvil's accounts 2 to 8; the wallet's 9 is free
        }
        String account = validator.node().accounts().get(9);
        f.governor().transferPoq(account, TokenAmount.ofTokens(500));
        robot.interact(() -> {
            validator.node().accountProperty().set(account);
            validator.node().stakeProperty().set("100");
            validator.node().passwordProperty().set(TestContexts.PASSWORD);
            robot.lookup("#validator-start").queryAs(Button.class).fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Await.until("the validator runs", () -> validator.node().runningProperty().get());

        TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(30)));
        assertThat(f.network().task(id).validators()).as("m = 5 of 5 validators: the screen's is drawn")
                .anyMatch(account::equalsIgnoreCase);
        SlashedRounds.finalize(f, id);

        BigInteger slashed = SlashedRounds.slashedOnChain(f, id, account);
        assertThat(slashed).as("the chain slashed the far validator").isPositive();
        String amount = AmountFormat.of(TokenAmount.ofWei(slashed), AmountFormat.POQ);
        Await.until("the validator screen shows the slash", () -> !WindowReads.items(robot, "#validator-money").isEmpty());
        assertThat(WindowReads.items(robot, "#validator-money")).singleElement().asString()
                .startsWith("validator task " + id + ": ")
                .endsWith("slashed " + amount + ": " + PenaltyReason.DEVIATION.description());
        assertThat(WindowReads.text(robot, "#validator-ledger")).startsWith("Earned ").contains("lost " + amount + " over 1 task");
        for (var v : f.validators()) {
            assertThat(SlashedRounds.slashedOnChain(f, id, v.address())).as("honest validator %s", v.address()).isZero();
        }
    }
}
