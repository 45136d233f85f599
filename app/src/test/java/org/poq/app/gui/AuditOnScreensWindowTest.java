package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.AuditModelViewModel;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.service.FunctionScorers;
import org.poq.app.service.TaskAuditor;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.testmodels.AuditModels;
import org.poq.network.PoqSession;
import org.poq.network.TaskRequest;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 29 in the window: a validator started from the Validator screen with an audit model chosen from the
 * library replays the answers of the family's tasks (through NodeLauncher.startAuditingValidator, as `poq node
 * --audit-model` does), and the Miner screen shows the audit of its own answer. Real parts: anvil, the
 * miner's llama.cpp worker on a project test model (random weights), the validator's replay in its own worker,
 * two more auditing validators on the same GGUF, real windows. Bad input first: an audit model whose file is
 * gone is refused in words and nothing starts.
 */
@ExtendWith(ApplicationExtension.class)
class AuditOnScreensWindowTest {
    @TempDir
    Path dir;
    Stage stage;
    ProtocolFixture f;
    AppContext ctx;
    MinerViewModel miner;
    ValidatorViewModel validator;
    final List<AutoCloseable> others = new ArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage; // the screens are built in the test: the window's setup has a time limit a loaded machine may miss
    }

    /** The app's context with the real miner engine and a test evaluator, and both screens' view models. */
    private void prepare() {
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater, new EngineMinerNodes(), new FunctionScorers("test scores", TestContexts::score));
        TestContexts.openWallet(ctx, f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        miner = new MinerViewModel(ctx);
        validator = new ValidatorViewModel(ctx);
    }

    /** Both screens in real windows; from here on their properties change on the FX thread only. */
    private void show(FxRobot robot) {
        robot.interact(() -> TestContexts.showMinerAndValidator(stage, miner, validator));
    }

    @AfterEach
    void close() throws Exception {
        if (miner != null) {
            miner.node().stop().join();
            validator.node().stop().join();
        }
        for (int i = others.size() - 1; i >= 0; i--) {
            others.get(i).close();
        }
        if (ctx != null) {
            ctx.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aValidatorStartedWithAnAuditModelReplaysTheAnswerAndTheMinerScreenShowsItsAudit(FxRobot robot) throws Exception {
        f = ProtocolFixture.start(0, 2);
        prepare();
        Path family = AuditModels.write(dir, new AuditModels.Variant(AuditModels.Arch.LLAMA, 1, AuditModels.Quant.F32, false));
        Path gone = AuditModels.write(dir, new AuditModels.Variant(AuditModels.Arch.LLAMA, 2, AuditModels.Quant.F32, false));
        miner.load().join();
        miner.importModel(gone).join();
        miner.importModel(family).join();
        Sha256 familyId = Sha256.ofFile(family);
        Sha256 goneId = Sha256.ofFile(gone);
        assertThat(miner.modelProperty().get().id()).as("the miner serves the family's model").isEqualTo(familyId);
        while (miner.node().accounts().size() < 8) {
            miner.node().addAccount().join(); // the wallet's accounts 6 and 7 are anvil's, unregistered
        }
        validator.load().join();
        show(robot);
        List<String> accounts = List.copyOf(miner.node().accounts());
        f.governor().transferPoq(accounts.get(6), TokenAmount.ofTokens(500));
        f.governor().transferPoq(accounts.get(7), TokenAmount.ofTokens(500));

        List<AuditModelViewModel.Choice> choices = validator.auditModel().choices();
        assertThat(choices).as("no audits, then each library model").hasSize(3).first().isEqualTo(AuditModelViewModel.Choice.NONE);
        assertThat(WindowReads.text(robot, "#validator-audit-family")).contains(ProtocolFixture.FAMILY);
        AuditModelViewModel.Choice goneChoice = choices.stream().filter(c -> c.model() != null
                && c.model().id().equals(goneId)).findFirst().orElseThrow();
        AuditModelViewModel.Choice familyChoice = choices.stream().filter(c -> c.model() != null
                && c.model().id().equals(familyId)).findFirst().orElseThrow();

        // bad input: the chosen audit model's file was removed from the library's folder
        Files.delete(goneChoice.model().path());
        choose(robot, goneChoice);
        NodeScreens.start(robot, validator.node(), "validator", accounts.get(7));
        Await.until("the refusal", Duration.ofSeconds(60), () -> !validator.node().errorProperty().get().isEmpty());
        assertThat(validator.node().errorProperty().get()).startsWith("The audit model " + goneChoice.model().name()
                + " is no longer at ").endsWith(": import it again, or choose another audit model or none.")
                .doesNotContain("Exception").doesNotContain("null");
        assertThat(validator.node().runningProperty().get()).isFalse();
        assertThat(f.network().node(accounts.get(7)).isRegistered()).as("nothing registered").isFalse();

        choose(robot, familyChoice);
        NodeScreens.start(robot, validator.node(), "validator", accounts.get(7));
        Await.until("the engine defaults of the family's model", Duration.ofSeconds(60),
                () -> miner.engineDefaultsProperty().get().startsWith("Defaults for ") && !miner.contextProperty().get().isEmpty());
        robot.interact(() -> {
            miner.contextProperty().set("512");
            miner.threadsProperty().set("1");
        });
        NodeScreens.start(robot, miner.node(), "miner", accounts.get(6));
        Await.until("both nodes run", Duration.ofSeconds(120), () -> miner.node().runningProperty().get()
                && validator.node().runningProperty().get());
        assertThat(ctx.settings().auditModelId()).as("the choice is kept").contains(familyChoice.model().id());
        assertThat(robot.lookup("#validator-audit-model").queryAs(ComboBox.class).isDisabled())
                .as("a running validator keeps its auditor").isTrue();

        // two more validators of the task audit on the same GGUF, so a majority of m = 3 decides
        Database db = Database.open(dir.resolve("others.db"));
        others.add(db);
        TaskAuditor auditor = TaskAuditor.open(f.network(), ProtocolFixture.FAMILY, family, EngineConfig.defaults(), 1);
        others.add(auditor);
        for (PoqSession v : f.validators()) {
            others.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()),
                    new ParticipationJournal(db), TestContexts.SCORE, auditor, ParticipantService.Options.defaults()).start());
        }
        TaskId id = f.requester().submitTask(new TaskRequest("What is the capital of France?", ProtocolFixture.FAMILY,
                ProtocolFixture.EVALUATOR, 1, 3, 24, TokenAmount.ofTokens(30)));
        assertThat(f.network().task(id).miners()).singleElement().asString().isEqualToIgnoringCase(accounts.get(6));
        assertThat(f.network().task(id).validators()).anyMatch(accounts.get(7)::equalsIgnoreCase);
        Await.until("the audited round is finalized", Duration.ofSeconds(300), () -> f.network().task(id).isFinalized());

        Await.until("the Validator screen shows its replay", Duration.ofSeconds(60),
                () -> WindowReads.text(robot, "#validator-audit-last").startsWith("Last audit: task " + id + ", answer 1: PASS: "));
        assertThat(WindowReads.text(robot, "#validator-audit-last")).contains("positions checked, 0 mismatches");
        Await.until("the Miner screen shows the audit of its answer", Duration.ofSeconds(60),
                () -> !WindowReads.items(robot, "#miner-audits").isEmpty());
        assertThat(WindowReads.items(robot, "#miner-audits")).singleElement().asString()
                .startsWith("task " + id + ": audit: PASS, the model the task names draws this answer under its seed: ")
                .contains("3 pass, 0 fail, 0 abstain of m = 3")
                .contains(accounts.get(7).substring(0, 10).toLowerCase() + "=0");

        // the stopped miner's screen on another account, with no task: the audits of the last one's answers go
        miner.node().stop().join();
        robot.interact(() -> {
            miner.node().accountProperty().set(accounts.get(5));
            miner.node().reloadJobs();
        });
        Await.until("the Miner screen lists no audit for an account without tasks", Duration.ofSeconds(60),
                () -> WindowReads.items(robot, "#miner-audits").isEmpty());
    }

    private static void choose(FxRobot robot, AuditModelViewModel.Choice choice) {
        robot.interact(() -> robot.lookup("#validator-audit-model").queryAs(ComboBox.class).getSelectionModel().select(choice));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
