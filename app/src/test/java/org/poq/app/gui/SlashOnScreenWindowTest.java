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
import org.poq.app.service.SlashedRounds;
import org.poq.core.AmountFormat;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.ProtocolParams;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 26, "slashes are invisible": the Miner screen showed no slash. A miner and a validator started
 * from their screens in real windows both miss their deadlines on anvil, and the chain slashes them; each
 * screen then shows the slash with the task id, the amount the chain's Penalized event took and the
 * reason in words, and its totals say what was lost.
 */
@ExtendWith(ApplicationExtension.class)
class SlashOnScreenWindowTest {
    @TempDir
    Path dir;
    ProtocolFixture f;
    RoundNodes honest;
    AppContext ctx;
    MinerViewModel miner;
    ValidatorViewModel validator;

    @Start
    void start(Stage stage) {
        f = ProtocolFixture.start(2, 2, ProtocolParams.defaults().withWindows(6, 6));
        honest = new RoundNodes(f, dir.resolve("honest.db"), List.copyOf(f.miners()), List.copyOf(f.validators()));
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater, new FunctionMinerNodes("misses its deadline", SlashedRounds.MISSES_THE_DEADLINE),
                new FunctionScorers("misses its deadline", answer -> {
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("cancelled at the deadline");
                }));
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
        honest.close();
        ctx.close();
        f.close();
    }

    @Test
    void aMinerAndAValidatorThatMissTheirDeadlinesSeeTheSlashWithTaskAndReasonOnTheirScreens(FxRobot robot) {
        List<String> accounts = NodeScreens.startBothOnFreshAccounts(robot, f, miner, validator);
        assertThat(WindowReads.text(robot, "#miner-ledger")).isEqualTo("No tasks recorded yet: nothing earned or lost");

        TaskId id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(30)));
        // k = 3 of 3 miners, m = 3 of 3 validators: both nodes of the screens are drawn
        assertThat(f.network().task(id).miners()).anyMatch(accounts.get(6)::equalsIgnoreCase);
        assertThat(f.network().task(id).validators()).anyMatch(accounts.get(7)::equalsIgnoreCase);
        SlashedRounds.finalize(f, id);

        for (var side : List.of(new String[] {"miner", accounts.get(6)}, new String[] {"validator", accounts.get(7)})) {
            String role = side[0];
            String amount = AmountFormat.of(TokenAmount.ofWei(SlashedRounds.slashedOnChain(f, id, side[1])), AmountFormat.POQ);
            assertThat(amount).isNotEqualTo("0 POQ");
            Await.until("the " + role + " screen shows the slash", () -> !WindowReads.items(robot, "#" + role + "-money").isEmpty());
            assertThat(WindowReads.items(robot, "#" + role + "-money")).singleElement().asString()
                    .startsWith(role + " task " + id + ": failed (")
                    .endsWith("slashed " + amount + ": selected but did not take part");
            assertThat(WindowReads.text(robot, "#" + role + "-ledger")).isEqualTo("Earned 0 POQ and lost " + amount + " over 1 task");
        }
    }
}
