package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.ValidatorView;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.service.FunctionMinerNodes;
import org.poq.app.service.FunctionScorers;
import org.poq.core.AppPaths;
import org.poq.core.TokenAmount;
import org.poq.core.concurrent.ExecutorTaskRunner;
import org.poq.network.PoqNetwork;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.Mnemonics;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 28: "nodes never notice that they are no longer registered", and a chain reset with no redeploy
 * was told only on the error channel. A miner and a validator started from their screens in real
 * windows on anvil; their whole stake is unstaked (from the same keys, as another program of the
 * operator would), and each screen's status says so in words; then the chain is reset and not
 * redeployed, and each status says that nothing is sent until the contracts are back.
 */
@ExtendWith(ApplicationExtension.class)
class StandingOnScreenWindowTest {
    @TempDir
    Path dir;
    ProtocolFixture f;
    AppContext ctx;
    MinerViewModel miner;
    ValidatorViewModel validator;

    @Start
    void start(Stage stage) {
        f = ProtocolFixture.start(1, 1);
        ctx = new AppContext(new AppPaths(dir.resolve("home")), KdfParams.light(1024), new ExecutorTaskRunner("test-gui", 3),
                Platform::runLater, new FunctionMinerNodes("answers", task -> "an answer"),
                new FunctionScorers("scores", answer -> 5_000));
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(), Duration.ofHours(1));
        ctx.connection().use(f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        miner = new MinerViewModel(ctx);
        validator = new ValidatorViewModel(ctx);
        javafx.application.Application.setUserAgentStylesheet(org.poq.app.gui.shell.Theme.LIGHT.userAgentStylesheet());
        stage.setScene(new Scene(new MinerView(miner), 1180, 1390));
        stage.setX(0);
        stage.setY(0);
        stage.show();
        Stage second = new Stage();
        second.setScene(new Scene(new ValidatorView(validator), 1180, 1390));
        second.show();
    }

    @AfterEach
    void close() {
        miner.node().stop().join();
        validator.node().stop().join();
        ctx.close();
        f.close();
    }

    @Test
    void unstakedNodesAndAResetChainAreTheStatusOfTheMinerAndValidatorScreens(FxRobot robot) {
        miner.load().join();
        validator.load().join();
        while (miner.node().accounts().size() < 8) {
            miner.node().addAccount().join(); // the wallet's accounts 6 and 7 are anvil's, unregistered
        }
        validator.load().join();
        List<String> accounts = List.copyOf(miner.node().accounts());
        f.governor().transferPoq(accounts.get(6), TokenAmount.ofTokens(500));
        f.governor().transferPoq(accounts.get(7), TokenAmount.ofTokens(500));
        NodeScreens.start(robot, miner.node(), "miner", accounts.get(6));
        NodeScreens.start(robot, validator.node(), "validator", accounts.get(7));
        Await.until("both nodes run", () -> miner.node().runningProperty().get() && validator.node().runningProperty().get());
        assertThat(WindowReads.text(robot, "#miner-status")).startsWith("Running as");

        PoqNetwork net = f.network();
        for (String account : List.of(accounts.get(6), accounts.get(7))) {
            net.session(ProtocolFixture.credentialsOf(account)).requestUnstake(TokenAmount.ofTokens(100));
        }
        for (String role : List.of("miner", "validator")) {
            Await.until("the " + role + " screen says the node is no longer drawn",
                    () -> WindowReads.text(robot, "#" + role + "-status").contains("no longer drawn for tasks"));
            assertThat(WindowReads.text(robot, "#" + role + "-status")).startsWith(role + " 0x")
                    .contains("its stake of 0 POQ is below the registry's minimum of 100 POQ (unstaked or slashed)")
                    .doesNotContain("null").doesNotContain("Exception");
        }

        f.chain().rpc("anvil_reset");
        for (String role : List.of("miner", "validator")) {
            Await.until("the " + role + " screen says the chain was reset",
                    () -> WindowReads.text(robot, "#" + role + "-status").contains("the chain was reset"));
            assertThat(WindowReads.text(robot, "#" + role + "-status"))
                    .contains("nothing is sent until the network file's contracts are on the chain again");
        }
    }
}
