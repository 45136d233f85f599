package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.ask.AnswerRow;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.QualityFloor;
import org.poq.core.db.Database;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;

/**
 * Issue 27, item 4: a round whose answers all score below the network's quality floor (lazy miners
 * answering "Lyon.", 1500/10000 against a floor of 3000) is not a result. The endpoint answers 422
 * below_quality_floor for it; the Ask screen gave the top answer the green "best" border. It must say
 * in words that no answer reached the floor and mark none best, and show the task id.
 */
class AskBelowFloorTest {
    static ProtocolFixture f;
    static final List<AutoCloseable> running = new ArrayList<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(3, 3);
        Database db = Database.open(dir.resolve("nodes.db"));
        running.add(db);
        ParticipationJournal journal = new ParticipationJournal(db);
        for (PoqSession m : f.miners()) {
            running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(m.address()), journal,
                    ctx -> "Lyon.", ParticipantService.Options.defaults()).start());
        }
        for (PoqSession v : f.validators()) {
            running.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                    TestContexts.SCORE, ParticipantService.Options.defaults()).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        f.close();
    }

    @Test
    void aRoundBelowTheFloorSaysSoAndMarksNoAnswerBest() {
        AppContext ctx = TestContexts.withWallet(dir.resolve("home"), f.network().descriptor());
        try {
            ctx.settings().modelFamily(ProtocolFixture.FAMILY);
            ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
            AskViewModel vm = new AskViewModel(ctx);
            vm.load().join();
            vm.promptProperty().set("What is the capital of France?");
            vm.passwordProperty().set(TestContexts.PASSWORD);
            vm.submit().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(vm.taskProperty().get()).isNotNull();
            Await.until("the round is finalized", () -> vm.phaseProperty().get() == TaskPhase.FINALIZED
                    && !vm.outcomeProperty().get().isEmpty());
            assertThat(QualityFloor.of(f.network().descriptor())).isEqualTo(3000);
            assertThat(vm.answers()).isNotEmpty().noneMatch(AnswerRow::best);
            assertThat(vm.belowFloorProperty().get()).startsWith("No answer reached the quality floor")
                    .contains("1500/10000").contains("3000/10000");
            vm.closeStream();
        } finally {
            ctx.close();
        }
    }
}
