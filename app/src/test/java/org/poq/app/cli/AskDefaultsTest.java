package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.TestContexts;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.concurrent.UiExecutor;
import org.poq.app.serve.ServeConfig;
import org.poq.app.service.AskDefaults;
import org.poq.evaluator.DefaultEvaluator;
import picocli.CommandLine;

/** Issue 27, item 16: `poq ask` asked 5 validators where the window and the endpoint ask 3. */
class AskDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void everyFaceAsksTheSameRoundUnlessTold() {
        AskCommand ask = new AskCommand();
        new CommandLine(ask).parseArgs("What is the capital of France?");
        assertThat(ask.round.k).isEqualTo(AskDefaults.MINERS);
        assertThat(ask.round.m).isEqualTo(AskDefaults.VALIDATORS).isEqualTo(3);
        assertThat(ask.round.maxTokens).isEqualTo(AskDefaults.MAX_TOKENS);
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        ServeConfig endpoint = ServeConfig.defaults(DefaultEvaluator.id());
        assertThat(endpoint.m()).isEqualTo(ask.round.m).isEqualTo(serve.round.m);
        assertThat(endpoint.k()).isEqualTo(ask.round.k).isEqualTo(serve.round.k);
        // one RoundOptions mixin: the fee and the longest answer are the same in both commands too
        assertThat(serve.round.fee()).isEqualTo(ask.round.fee()).isEqualTo(endpoint.fee());
        assertThat(serve.round.maxTokens).isEqualTo(ask.round.maxTokens).isEqualTo(endpoint.maxTokens());
        // and the window's Ask form starts from the same numbers
        try (AppContext ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct())) {
            AskViewModel window = new AskViewModel(ctx);
            assertThat(window.kProperty().get()).isEqualTo(Integer.toString(ask.round.k));
            assertThat(window.mProperty().get()).isEqualTo(Integer.toString(ask.round.m));
        }
    }
}
