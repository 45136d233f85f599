package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.network.DemoNodesViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.NetworkChoice;
import org.poq.core.AppPaths;
import org.poq.core.concurrent.UiExecutor;
import org.poq.network.NodeRole;
import org.poq.network.events.TaskPhase;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.devnet.LocalDevnet;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.Mnemonics;

/**
 * On the real local devnet, which starts with no nodes: the Ask screen says so and points to the demo
 * nodes; started from the Network screen they answer (the bundled model in llama.cpp) and score (the
 * bundled evaluator in ONNX Runtime) a round asked from the Ask screen.
 */
class DemoNodesTest {
    @TempDir
    Path dir;
    AppContext ctx;
    LocalDevnet devnet;

    @BeforeEach
    void open() {
        ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct());
        devnet = new LocalDevnet(new AppPaths(dir.resolve("home")), List.of());
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
        ctx.connection().connect(new NetworkChoice(NetworkChoice.Kind.LOCAL_DEVNET, ""));
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
    }

    @AfterEach
    void close() {
        ctx.close();
        devnet.stop();
    }

    @Test
    void demoNodesAnswerAnAskOnTheLocalDevnet() {
        AskViewModel ask = new AskViewModel(ctx);
        ask.load().join();
        ask.promptProperty().set("What is the capital of France?");
        ask.kProperty().set("3");
        ask.mProperty().set("5");
        ask.previewFee().join();
        assertThat(ask.errorProperty().get()).startsWith("Only 0 miner(s) serve").contains("the Network screen starts demo nodes");

        DemoNodesViewModel demo = new DemoNodesViewModel(ctx);
        demo.refresh();
        assertThat(demo.availableProperty().get()).isTrue();
        demo.start().join();
        assertThat(demo.errorProperty().get()).isEmpty();
        assertThat(demo.runningProperty().get()).isTrue();
        var net = ctx.connection().require();
        assertThat(net.node(LocalAccounts.account(10).getAddress()).role()).isEqualTo(NodeRole.MINER);
        assertThat(net.node(LocalAccounts.account(17).getAddress()).role()).isEqualTo(NodeRole.VALIDATOR);
        assertThat(org.poq.app.gui.shell.QuitCheck.question(ctx)).hasValueSatisfying(q -> assertThat(q)
                .startsWith("8 node(s) run in this window (3 miner(s), 5 validator(s))"));

        ask.previewFee().join();
        assertThat(ask.errorProperty().get()).isEmpty();
        ask.passwordProperty().set(TestContexts.PASSWORD);
        ask.submit().join();
        assertThat(ask.errorProperty().get()).isEmpty();
        Await.until("the round is finalized", () -> ask.phaseProperty().get() == TaskPhase.FINALIZED
                && !ask.outcomeProperty().get().isEmpty());
        assertThat(ask.answers()).hasSize(3).allSatisfy(a -> {
            assertThat(a.text()).isNotEmpty();
            assertThat(a.validatorScores()).hasSize(5);
        });
        ask.closeStream();

        demo.stop().join();
        assertThat(demo.runningProperty().get()).isFalse();
        assertThat(demo.statusProperty().get()).startsWith("Demo nodes stopped");
        assertThat(org.poq.app.gui.shell.QuitCheck.question(ctx)).isEmpty();
        // before: stopped demo nodes stayed in the draw, and the next ask waited for every deadline with no hint
        ask.previewFee().join();
        assertThat(ask.errorProperty().get()).startsWith("Only 0 miner(s) serve");

        demo.start().join();
        assertThat(demo.errorProperty().get()).as("they take their stake back when started again").isEmpty();
        ask.previewFee().join();
        assertThat(ask.errorProperty().get()).isEmpty();
        demo.stop().join();
    }
}
