package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.ask.AnswerRow;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.network.events.TaskPhase;
import org.poq.network.testing.ProtocolFixture;

class AskViewModelTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    AppContext ctx;
    AskViewModel vm;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void open() {
        ctx = TestContexts.withWallet(dir.resolve("home"), f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        vm = new AskViewModel(ctx);
        vm.load().join();
        vm.promptProperty().set("What is the capital of France?");
    }

    @AfterEach
    void close() {
        vm.closeStream();
        ctx.close();
    }

    /** Issue 27, item 5: "Fee 10 POQ... 3 miners..." stayed beside new errors and after other k, m and fee were typed. */
    @Test
    void anEditClearsAStalePreviewAndItsError() {
        vm.previewFee().join();
        assertThat(vm.previewProperty().get()).startsWith("Fee 10 POQ");
        vm.mProperty().set("4");
        assertThat(vm.previewProperty().get()).isEmpty();
        vm.kProperty().set("9");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Ask between 1 and 8 miners.");
        assertThat(vm.previewProperty().get()).isEmpty();
        vm.kProperty().set("3");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void refusesBadFormsWithAReason() {
        vm.promptProperty().set("x".repeat(f.network().descriptor().params().maxPromptBytes() + 1));
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).startsWith("The prompt is too long");

        vm.promptProperty().set("What is the capital of France?");
        vm.kProperty().set("9");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Ask between 1 and 8 miners.");

        vm.kProperty().set("many");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Miners (k) must be a whole number from 1 to 8.");
        vm.kProperty().set("3");
        vm.mProperty().set("-");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Validators (m) must be a whole number from 3 to 15.");
        vm.mProperty().set("3");

        vm.kProperty().set("4");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).startsWith("Only 3 miner(s) serve");

        vm.kProperty().set("3");
        vm.feeProperty().set("1000000000000");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).startsWith("Insufficient POQ");

        vm.feeProperty().set("-1");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).startsWith("Invalid fee");

        vm.feeProperty().set("10");
        vm.previewFee().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.previewProperty().get()).contains("Fee 10 POQ", "Balance");
    }

    @Test
    void aWrongPasswordSubmitsNothing() {
        var before = f.network().lastTaskId();
        vm.passwordProperty().set("wrong password");
        vm.submit().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Wrong password.");
        assertThat(vm.taskProperty().get()).isNull();
        assertThat(f.network().lastTaskId()).isEqualTo(before);
    }

    @Test
    void followsARoundToTheRankedAnswersAndPayments() {
        try (RoundNodes nodes = new RoundNodes(f, dir.resolve("nodes.db"), f.miners(), f.validators())) {
            vm.passwordProperty().set(TestContexts.PASSWORD);
            vm.submit().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(vm.taskProperty().get()).isNotNull();
            Await.until("the task is finalized", () -> vm.phaseProperty().get() == TaskPhase.FINALIZED
                    && vm.payments().stream().filter(p -> p.startsWith("Reward")).count() >= 6);
            assertThat(vm.answers()).hasSize(3).allSatisfy(a -> {
                assertThat(a.text()).contains("Paris");
                assertThat(a.validatorScores()).hasSize(3).containsValue(9000);
                assertThat(a.consensus()).isEqualTo(9000);
            });
            assertThat(vm.answers()).filteredOn(AnswerRow::best).hasSize(1);
            assertThat(vm.outcomeProperty().get()).contains("Miners earned", "refunded");
            assertThat(vm.passwordProperty().get()).as("the password is not kept").isEmpty();
        }
    }

    @Test
    void attackAnAbsentMinerDoesNotHoldTheRoundInTheWindow() {
        // before the one requester session the screen never advanced: the round waited for a stranger
        try (RoundNodes nodes = new RoundNodes(f, dir.resolve("nodes.db"), f.miners().subList(0, 2), f.validators())) {
            vm.passwordProperty().set(TestContexts.PASSWORD);
            vm.submit().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            Await.until("two answers are committed", () -> vm.phaseTextProperty().get().contains("answers committed 2/3"));
            assertThat(vm.phaseTextProperty().get()).as("the deadline is shown").contains("deadline");
            f.increaseTime(61);
            Await.until("the task is finalized", () -> vm.phaseProperty().get() == TaskPhase.FINALIZED);
            assertThat(vm.noteProperty().get()).isEqualTo("Moved on past the deadline: 1 miner(s) did not act in time.");
            assertThat(vm.answers()).hasSize(2);
            assertThat(vm.payments()).anyMatch(p -> p.startsWith("Penalty") && p.contains("selected but did not take part"));
        }
        vm.previewFee().join();
        assertThat(vm.previewProperty().get()).contains("1 miner(s) of this model and evaluator did not act on their last task");
    }
}
