package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.network.NetworkViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.core.TokenAmount;
import org.poq.network.NodeRole;
import org.poq.network.node.ParticipationState;
import org.poq.network.testing.ProtocolFixture;

/**
 * The miner, validator and network screens' view models on one anvil chain: a node started from the
 * wallet registers and works a real round next to the fixture's nodes; bad input is refused.
 */
class NodeScreensTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;
    static RoundNodes others;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(2, 2);
        ctx = TestContexts.withWallet(dir.resolve("home"), f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
        ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
        others = new RoundNodes(f, dir.resolve("others.db"), f.miners(), f.validators());
    }

    @AfterAll
    static void stop() {
        others.close();
        ctx.close();
        f.close();
    }

    @Test
    void minerAndValidatorWorkARoundAndTheNetworkScreenSeesIt() {
        MinerViewModel miner = new MinerViewModel(ctx);
        miner.load().join();
        miner.node().addAccount().join();
        // wallet account 1 is anvil's account 1: funded with POQ by the fixture, not registered
        assertThat(miner.node().accounts()).hasSize(2);
        assertThat(miner.node().accountProperty().get()).isEqualToIgnoringCase(f.requester().address());

        miner.node().stakeProperty().set("ten");
        miner.node().passwordProperty().set(TestContexts.PASSWORD);
        miner.start().join();
        assertThat(miner.node().errorProperty().get()).startsWith("Invalid stake");

        miner.node().stakeProperty().set("100");
        miner.node().passwordProperty().set("wrong password");
        miner.start().join();
        assertThat(miner.node().errorProperty().get()).isEqualTo("Wrong password.");
        assertThat(miner.node().runningProperty().get()).isFalse();

        miner.node().passwordProperty().set(TestContexts.PASSWORD);
        miner.start().join();
        assertThat(miner.node().errorProperty().get()).isEmpty();
        assertThat(miner.node().runningProperty().get()).isTrue();
        assertThat(f.network().node(f.requester().address()).role()).isEqualTo(NodeRole.MINER);
        assertThat(miner.engineProperty().get()).isEqualTo("test answers");

        ValidatorViewModel validator = new ValidatorViewModel(ctx);
        validator.load().join();
        for (int i = 0; i < 5; i++) {
            validator.node().addAccount().join();
        }
        List<String> accounts = validator.node().accounts();
        assertThat(accounts).hasSize(7);
        // account 2 is one of the fixture's miners: a validator needs an account of its own
        validator.node().accountProperty().set(accounts.get(2));
        validator.node().passwordProperty().set(TestContexts.PASSWORD);
        validator.start().join();
        assertThat(validator.node().errorProperty().get()).contains("registered as a miner");

        // account 6 has ETH but no POQ: the stake cannot be paid
        validator.node().accountProperty().set(accounts.get(6));
        validator.node().passwordProperty().set(TestContexts.PASSWORD);
        validator.start().join();
        assertThat(validator.node().errorProperty().get()).isNotEmpty();
        assertThat(validator.node().runningProperty().get()).isFalse();

        f.governor().transferPoq(accounts.get(6), TokenAmount.ofTokens(500));
        validator.node().passwordProperty().set(TestContexts.PASSWORD);
        validator.start().join();
        assertThat(validator.node().errorProperty().get()).isEmpty();
        assertThat(validator.node().runningProperty().get()).isTrue();

        var id = f.governor().submitTask(f.request(3, 3, TokenAmount.ofTokens(30)));
        Await.until("the miner's job is settled", () -> miner.node().jobs().stream()
                .anyMatch(p -> p.taskId().equals(id) && p.state() == ParticipationState.FINISHED));
        var job = miner.node().jobs().stream().filter(p -> p.taskId().equals(id)).findFirst().orElseThrow();
        assertThat(job.consensus()).isEqualTo(9000);
        assertThat(job.rewardWei()).isPositive();
        assertThat(miner.earnings()).isNotEmpty().allSatisfy(e -> assertThat(e).isPositive());

        Await.until("the validator's job is settled", () -> validator.node().jobs().stream()
                .anyMatch(p -> p.taskId().equals(id) && p.state() == ParticipationState.FINISHED));
        validator.inspect().join();
        assertThat(validator.inspection()).hasSize(3).allSatisfy(r -> {
            assertThat(r.consensus()).isEqualTo("9000/10000");
            assertThat(r.mine()).isEqualTo("9000/10000");
            assertThat(r.deviation()).isEqualTo("0/10000");
            assertThat(r.others()).contains("9000/10000");
            assertThat(r.audit()).as("the window's validator holds no audit model: it abstains, and so do the others")
                    .isEqualTo("mine: abstained; decided undecided");
        });
        assertThat(validator.inspection().get(0).outcome()).startsWith("+");
        assertThat(validator.agreement()).containsExactly(1.0);

        NetworkViewModel network = new NetworkViewModel(ctx);
        network.refresh().join();
        assertThat(network.errorProperty().get()).isEmpty();
        assertThat(Long.parseLong(network.heightProperty().get())).isPositive();
        assertThat(network.randomnessProperty().get()).as("the screen names the draw's source")
                .isEqualTo("block hash (local devnet: the block producer can choose it)");
        assertThat(network.nodes()).hasSize(6);
        assertThat(network.nodes()).filteredOn(n -> n.role().equals("miner")).hasSize(3)
                .allSatisfy(n -> assertThat(n.serves()).isEqualTo(ProtocolFixture.FAMILY));
        assertThat(network.tasks()).anySatisfy(t -> {
            assertThat(t.id()).isEqualTo(id);
            assertThat(t.status()).isEqualTo("finalized");
            assertThat(t.bestScore()).isEqualTo(9000);
            assertThat(t.rewards()).isGreaterThan(TokenAmount.ZERO);
        });

        miner.node().stop().join();
        validator.node().stop().join();
        assertThat(miner.node().runningProperty().get()).isFalse();
        assertThat(validator.node().statusProperty().get()).isEqualTo("Stopped");
    }
}
