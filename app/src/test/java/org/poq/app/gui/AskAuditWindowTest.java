package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.ask.AskView;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.db.Database;
import org.poq.network.events.Audit;
import org.poq.network.PoqSession;
import org.poq.network.node.AnswerAuditor;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.Mnemonics;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Ask screen in a real JavaFX window on a real anvil round run by miner and validator nodes whose
 * validators audit: each answer card says its audit (positions, verdict), and the card of the answer
 * that failed says its miner earned nothing and was slashed, and why.
 */
@ExtendWith(ApplicationExtension.class)
class AskAuditWindowTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;
    static final List<AutoCloseable> running = new ArrayList<>();
    AskViewModel vm;

    /** The validators' replay: "Lyon." is not what the family's model draws under its miner's seed. */
    static final AnswerAuditor AUDIT = task -> task.answers().stream().map(x -> x == null ? Audit.ABSTAIN
            : x.equals("Lyon.") ? new Audit(Audit.Verdict.FAIL, 2) : new Audit(Audit.Verdict.PASS, 0)).toList();

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3);
        Database db = Database.open(dir.resolve("nodes.db"));
        running.add(db);
        ParticipationJournal journal = new ParticipationJournal(db);
        String[] answers = {"Paris is the capital of France.", "It is Paris.", "Lyon."};
        for (int i = 0; i < 3; i++) {
            String a = answers[i];
            running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(f.miners().get(i).address()),
                    journal, task -> a, ParticipantService.Options.defaults()).start());
        }
        for (PoqSession v : f.validators()) {
            running.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                    task -> task.answers().stream().mapToInt(x -> x == null ? 0 : 8000).toArray(), AUDIT,
                    ParticipantService.Options.defaults()).start());
        }
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
        ctx.connection().use(f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ctx != null) {
            ctx.close();
        }
        for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
        f.close();
    }

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(org.poq.app.gui.shell.Theme.LIGHT.userAgentStylesheet());
        vm = new AskViewModel(ctx);
        vm.load();
        Scene scene = new Scene(new AskView(vm), 1180, 900);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.interact(() -> robot.lookup(id).queryAs(TextInputControl.class).setText(text));
    }

    private static List<String> auditLines(FxRobot robot) {
        return robot.lookup((Node n) -> n.getId() != null && n.getId().startsWith("audit-")).queryAllAs(Label.class)
                .stream().map(Label::getText).toList();
    }

    @Test
    void eachAnswerCardShowsItsAuditAndTheFailedOneItsSlash(FxRobot robot) throws Exception {
        type(robot, "#prompt", "What is the capital of France?");
        type(robot, "#ask-k", "3");
        type(robot, "#ask-m", "3");
        type(robot, "#ask-fee", "10");
        type(robot, "#ask-password", TestContexts.PASSWORD);
        robot.clickOn("#ask-submit");
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        // the event that ends the wait: the three cards carry their audits and the failed one its slash
        while (auditLines(robot).size() < 3 || auditLines(robot).stream().noneMatch(l -> l.contains("slashed"))) {
            assertThat(System.nanoTime()).as("the audited round on the Ask screen (screen says: '%s')",
                    vm.errorProperty().get()).isLessThan(end);
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(100);
        }
        List<String> lines = auditLines(robot);
        assertThat(lines).filteredOn(l -> l.startsWith("audit: PASS")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("audit: FAIL")).singleElement().satisfies(l -> assertThat(l)
                .contains("would not have drawn this answer", "0 pass, 3 fail, 0 abstain of m = 3",
                        "Its miner earned nothing and was slashed (failed the audit"));
        Platform.runLater(vm::closeStream);
    }
}
