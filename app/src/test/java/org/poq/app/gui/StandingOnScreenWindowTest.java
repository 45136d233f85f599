package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.service.FunctionMinerNodes;
import org.poq.app.service.FunctionScorers;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.testing.ProtocolFixture;
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
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater, new FunctionMinerNodes("answers", task -> "an answer"),
                new FunctionScorers("scores", answer -> 5_000));
        TestContexts.openWallet(ctx, f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        miner = new MinerViewModel(ctx);
        validator = new ValidatorViewModel(ctx);
        TestContexts.showMinerAndValidator(stage, miner, validator);
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
        List<String> accounts = NodeScreens.startBothOnFreshAccounts(robot, f, miner, validator);
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
