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
    }
}
