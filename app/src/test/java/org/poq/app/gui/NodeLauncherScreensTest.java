package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.app.service.NodeLauncher;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.NodeRole;
import org.poq.network.node.ParticipationState;
import org.poq.network.testing.ProtocolFixture;

/**
 * The window's nodes go through the same launcher and services as `poq node`: the validator checks
 * its evaluator and re-registers when it changes, and each screen shows its running node's jobs,
 * whatever account the box shows.
 */
class NodeLauncherScreensTest {
    static final Sha256 SECOND_EVALUATOR = Sha256.of("poq second test evaluator".getBytes());
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(1, 1);
        f.governor().addEvaluator(SECOND_EVALUATOR, "second test evaluator");
        ctx = TestContexts.withWallet(dir.resolve("home"), f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        f.close();
    }

    /** Wallet account {@code index}, funded with POQ for a stake (accounts 2 and 3 are the fixture's nodes). */
    static String fundedAccount(ValidatorViewModel vm, int index) {
        while (vm.node().accounts().size() <= index) {
            vm.node().addAccount().join();
        }
        String a = vm.node().accounts().get(index);
        f.governor().transferPoq(a, TokenAmount.ofTokens(500));
        return a;
    }

    @Test
    void attackTheWindowsValidatorCannotKeepScoringForAnEvaluatorItNoLongerRuns() {
        ValidatorViewModel vm = new ValidatorViewModel(ctx);
        vm.load().join();
        String me = fundedAccount(vm, 4);
        vm.node().accountProperty().set(me);
        vm.node().passwordProperty().set(TestContexts.PASSWORD);
        vm.start().join();
        assertThat(vm.node().errorProperty().get()).isEmpty();
        assertThat(f.network().node(me).evaluatorId()).isEqualTo(ProtocolFixture.EVALUATOR.bytes());
        vm.node().stop().join();

        // the user switches evaluators in the settings: before the launcher the node kept its old
        // registration and scored the old group's tasks with the new evaluator
        ctx.settings().evaluatorId(SECOND_EVALUATOR);
        vm.load().join();
        vm.node().passwordProperty().set(TestContexts.PASSWORD);
        vm.start().join();
        assertThat(vm.node().errorProperty().get()).isEmpty();
        assertThat(f.network().node(me).role()).isEqualTo(NodeRole.VALIDATOR);
        assertThat(f.network().node(me).evaluatorId()).as("re-registered for the evaluator it runs")
                .isEqualTo(SECOND_EVALUATOR.bytes());
        assertThat(ctx.nodes().running()).extracting(NodeLauncher.Started::role).containsExactly(NodeRole.VALIDATOR);
        vm.node().stop().join();
        assertThat(ctx.nodes().running()).isEmpty();
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
    }

    @Test
    void anUnknownEvaluatorIsRefusedInPlainWords() {
        ctx.settings().evaluatorId(Sha256.of("nobody added this evaluator".getBytes()));
        try {
            ValidatorViewModel vm = new ValidatorViewModel(ctx);
            vm.load().join();
            vm.node().accountProperty().set(fundedAccount(vm, 5));
            vm.node().passwordProperty().set(TestContexts.PASSWORD);
            vm.start().join();
            assertThat(vm.node().errorProperty().get()).startsWith("this network does not know the evaluator test scores")
                    .contains("its governor must add it first").doesNotContain("Exception");
            assertThat(vm.node().runningProperty().get()).isFalse();
        } finally {
            ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        }
    }

    @Test
    void theMinerScreenShowsItsRunningNodesJobsWhateverAccountTheBoxShows() {
        MinerViewModel miner = new MinerViewModel(ctx);
        miner.load().join();
        while (miner.node().accounts().size() < 7) {
            miner.node().addAccount().join();
        }
        String mine = miner.node().accounts().get(6);
        f.governor().transferPoq(mine, TokenAmount.ofTokens(500));
        miner.node().accountProperty().set(mine);
        miner.node().passwordProperty().set(TestContexts.PASSWORD);
        miner.start().join();
        assertThat(miner.node().errorProperty().get()).isEmpty();
        // protocol v2 needs at least three validators: two more fixture nodes join the one the fixture has
        for (int account : new int[] {40, 41}) {
            var extra = f.sessionFor(org.poq.network.devnet.LocalAccounts.account(account));
            f.governor().transferPoq(extra.address(), TokenAmount.ofTokens(2_000));
            extra.registerValidator(ProtocolFixture.EVALUATOR, ProtocolFixture.STAKE);
            f.validators().add(extra);
        }
        try (RoundNodes others = new RoundNodes(f, dir.resolve("others.db"), f.miners(), f.validators())) {
            var id = f.governor().submitTask(f.request(2, 3, TokenAmount.ofTokens(10)));
            Await.until("the miner's job is settled", () -> miner.node().jobs().stream()
                    .anyMatch(p -> p.taskId().equals(id) && p.state() == ParticipationState.FINISHED));
            // the fixture's miner (account 2) worked the same task; the box now shows that account
            miner.node().accountProperty().set(miner.node().accounts().get(2));
            miner.node().reloadJobs().join();
            assertThat(miner.node().nodeAccount()).isEqualToIgnoringCase(mine);
            assertThat(miner.node().jobs()).isNotEmpty().allSatisfy(p -> assertThat(p.node()).isEqualToIgnoringCase(mine));
        } finally {
            miner.node().stop().join();
        }
    }
}
