package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.demo.DemoModel;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.core.TokenAmount;
import org.poq.core.concurrent.UiExecutor;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.TaskRequest;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.node.ParticipationState;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.Mnemonics;

/**
 * The miner and validator screens with the app's real engines: the bundled GGUF model in the
 * llama.cpp worker process and the bundled ONNX evaluator, on anvil.
 */
class RealEnginesTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
        f.governor().addEvaluator(DefaultEvaluator.id(), "all-MiniLM-L6-v2");
        ctx = TestContexts.withRealEngines(dir.resolve("home"), UiExecutor.direct());
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
        ctx.connection().use(f.network().descriptor());
        ctx.settings().modelFamily(DemoModel.FAMILY);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        f.close();
    }

    @Test
    void theBundledModelAnswersAndTheBundledEvaluatorScores() {
        MinerViewModel miner = new MinerViewModel(ctx);
        miner.load().join();
        miner.addBundledModel().join();
        assertThat(miner.modelProperty().get()).isNotNull();
        assertThat(miner.libraryStatusProperty().get()).startsWith("Imported");
        miner.verify().join();
        assertThat(miner.libraryStatusProperty().get()).endsWith("SHA-256 verified");
        assertThat(miner.hardwareProperty().get()).contains("RAM");
        Await.until("the memory fit", () -> !miner.fitProperty().get().isEmpty());
        assertThat(miner.fitProperty().get()).doesNotStartWith("Cannot");

        // engine settings default from the memory fit of this model on this machine (EngineSettings, as poq node's)
        Await.until("the engine defaults", () -> !miner.contextProperty().get().isEmpty());
        assertThat(miner.threadsProperty().get()).isEqualTo(Integer.toString(Math.min(512, org.poq.miner.hardware.HardwareInfo.detect().logicalCores())));
        assertThat(miner.gpuLayersProperty().get()).matches("-1|\\d+");
        assertThat(miner.engineDefaultsProperty().get()).startsWith("Defaults for ");

        miner.node().addAccount().join(); // anvil account 1: the fixture's requester, funded with POQ
        miner.node().passwordProperty().set(TestContexts.PASSWORD);
        // a wrong setting is refused under its field with the range, and nothing starts
        miner.contextProperty().set("32");
        miner.threadsProperty().set("many");
        miner.start().join();
        assertThat(miner.contextErrorProperty().get()).startsWith("The context must be a whole number of tokens from 64 to ");
        assertThat(miner.threadsErrorProperty().get()).isEqualTo("Threads must be a whole number from 1 to 512.");
        assertThat(miner.node().runningProperty().get()).isFalse();
        miner.contextProperty().set("512");
        miner.threadsProperty().set("2");
        miner.chatFormatProperty().set("chatml");
        miner.node().passwordProperty().set(TestContexts.PASSWORD);
        miner.start().join();
        assertThat(miner.node().errorProperty().get()).isEmpty();
        assertThat(miner.engineProperty().get()).startsWith("llama.cpp: ");
        Await.until("the engine's description", () -> miner.engineProperty().get().contains("context"));
        assertThat(miner.engineProperty().get()).as("the window's context reached the engine").contains("context 512");

        ValidatorViewModel validator = new ValidatorViewModel(ctx);
        validator.load().join();
        assertThat(validator.evaluatorProperty().get()).startsWith("ONNX: all-MiniLM-L6-v2");
        validator.node().addAccount().join(); // anvil account 2: ETH only
        String account = LocalAccounts.account(2).getAddress();
        assertThat(validator.node().accountProperty().get()).isEqualToIgnoringCase(account);
        f.governor().transferPoq(account, TokenAmount.ofTokens(500));
        validator.node().passwordProperty().set(TestContexts.PASSWORD);
        validator.start().join();
        assertThat(validator.node().errorProperty().get()).isEmpty();

        BracketValidators brackets = BracketValidators.register(f, DefaultEvaluator.id());
        var id = f.governor().submitTask(new TaskRequest("What is the capital of France?", DemoModel.FAMILY,
                DefaultEvaluator.id(), 1, 3, 24, TokenAmount.ofTokens(5)));
        brackets.score(id);
        Await.until("the miner's job is settled", () -> miner.node().jobs().stream()
                .anyMatch(p -> p.taskId().equals(id) && p.state() == ParticipationState.FINISHED));
        miner.sampleTokenRate(1.0);
        assertThat(miner.tokenRates()).last().satisfies(r -> assertThat(r).isPositive());

        Await.until("the validator's job is settled", () -> validator.node().jobs().stream()
                .anyMatch(p -> p.taskId().equals(id) && p.state() == ParticipationState.FINISHED));
        validator.inspect().join();
        assertThat(validator.inspection()).hasSize(1);
        assertThat(validator.inspection().get(0).mine()).isEqualTo(validator.inspection().get(0).consensus());
        miner.node().stop().join();
        validator.node().stop().join();
    }
}
