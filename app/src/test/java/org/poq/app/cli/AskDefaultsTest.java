package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.poq.app.serve.ServeConfig;
import org.poq.app.service.AskDefaults;
import org.poq.evaluator.DefaultEvaluator;
import picocli.CommandLine;

/** Issue 27, item 16: `poq ask` asked 5 validators where the window and the endpoint ask 3. */
class AskDefaultsTest {
    @Test
    void everyFaceAsksTheSameRoundUnlessTold() {
        AskCommand ask = new AskCommand();
        new CommandLine(ask).parseArgs("What is the capital of France?");
        assertThat(ask.k).isEqualTo(AskDefaults.MINERS);
        assertThat(ask.m).isEqualTo(AskDefaults.VALIDATORS).isEqualTo(3);
        assertThat(ask.maxTokens).isEqualTo(AskDefaults.MAX_TOKENS);
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        ServeConfig endpoint = ServeConfig.defaults(DefaultEvaluator.id());
        assertThat(endpoint.m()).isEqualTo(ask.m).isEqualTo(serve.m);
        assertThat(endpoint.k()).isEqualTo(ask.k).isEqualTo(serve.k);
    }
}
