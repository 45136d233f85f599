package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.demo.DemoModel;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.service.FunctionScorers;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.miner.service.MinerJob;
import org.poq.miner.service.MinerJobStore;
import org.poq.network.TaskRequest;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import java.util.Locale;

/**
 * Issue 27, item 14: "tokens/s per job (the Miner chart read 0.0 right after an answer)". The chart
 * samples a counter once a second, so after an answer it falls to 0. A miner started from the Miner
 * screen in a real window, with the bundled GGUF model in the llama.cpp worker, answers a task on anvil;
 * its row in the jobs table then shows the answer's tokens and tokens/s, the figures llama.cpp timed and
 * the miner recorded (MinerJobStore), and they stay after the chart has gone back to 0.
 */
@ExtendWith(ApplicationExtension.class)
class MinerJobSpeedWindowTest {
    @TempDir
    Path dir;
    ProtocolFixture f;
    AppContext ctx;
    MinerViewModel miner;

    @Start
    void start(Stage stage) {
        f = ProtocolFixture.start(0, 3); // three validators registered: a task with m = 3 is drawn
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater, new EngineMinerNodes(), new FunctionScorers("unused", TestContexts::score));
        TestContexts.openWallet(ctx, f.network().descriptor());
        ctx.settings().modelFamily(DemoModel.FAMILY);
        miner = new MinerViewModel(ctx);
        TestContexts.show(stage, new MinerView(miner), 1180, 1390);
    }

    @AfterEach
    void close() {
        if (miner != null) {
            miner.node().stop().join();
        }
        TestContexts.close(ctx, f);
    }

    @Test
    void eachAnsweredJobShowsItsTokensAndTokensPerSecondInTheJobsTable(FxRobot robot) {
        miner.load().join();
        robot.interact(() -> robot.lookup("#miner-bundled").queryAs(Button.class).fire());
        Await.until("the bundled model is chosen", () -> miner.modelProperty().get() != null);
        miner.node().addAccount().join(); // the wallet's account 1: the fixture's requester, rich in POQ
        String account = f.requester().address();
        Await.until("the account is listed", () -> miner.node().accounts().stream().anyMatch(account::equalsIgnoreCase));
        robot.interact(() -> {
            miner.node().accountProperty().set(miner.node().accounts().stream().filter(account::equalsIgnoreCase).findFirst().orElseThrow());
            miner.node().passwordProperty().set(TestContexts.PASSWORD);
            robot.lookup("#miner-start").queryAs(Button.class).fire();
        });
        Await.until("the miner runs", () -> miner.node().runningProperty().get() || !miner.node().errorProperty().get().isEmpty());
        assertThat(miner.node().errorProperty().get()).isEmpty();

        // the governor asks (a miner is never drawn for its own account's task)
        TaskId id = f.governor().submitTask(new TaskRequest("What is the capital of France?", DemoModel.FAMILY,
                ProtocolFixture.EVALUATOR, 1, 3, 24, TokenAmount.ofTokens(5)));
        Await.until("the job shows its tokens/s", () -> !cell(robot, "Tokens/s").equals("-") && !cell(robot, "Tokens/s").isEmpty());

        MinerJob recorded = new MinerJobStore(ctx.db(), new ParticipationJournal(ctx.db())).jobs(account).stream()
                .filter(j -> j.taskId().equals(id)).findFirst().orElseThrow();
        assertThat(recorded.tokensPerSecond()).isPositive();
        assertThat(cell(robot, "Task")).isEqualTo(id.toString());
        assertThat(cell(robot, "Tokens")).isEqualTo(Integer.toString(recorded.generatedTokens()));
        assertThat(cell(robot, "Tokens/s")).isEqualTo(String.format(Locale.ROOT, "%.1f", recorded.tokensPerSecond()));

        // the chart's second after the answer reads 0: the job's own figure stays
        robot.interact(() -> miner.sampleTokenRate(1.0));
        robot.interact(() -> miner.sampleTokenRate(1.0));
        assertThat(miner.tokenRates()).last().isEqualTo(0.0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cell(robot, "Tokens/s")).isEqualTo(String.format(Locale.ROOT, "%.1f", recorded.tokensPerSecond()));
    }

    /** What the jobs table's first row shows in the column titled {@code column}, as drawn. */
    @SuppressWarnings("unchecked")
    private static String cell(FxRobot robot, String column) {
        AtomicReference<String> out = new AtomicReference<>("");
        robot.interact(() -> {
            List<TableCell<?, ?>> cells = List.copyOf(robot.lookup("#miner-jobs .table-cell").queryAllAs(
                    (Class<TableCell<?, ?>>) (Class<?>) TableCell.class));
            cells.stream().filter(c -> c.getIndex() == 0 && c.getTableColumn() != null
                            && column.equals(c.getTableColumn().getText()) && c.getText() != null)
                    .findFirst().ifPresent(c -> out.set(c.getText()));
        });
        return out.get();
    }
}
