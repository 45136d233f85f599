package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.cli.CliRun;
import org.poq.app.gui.TestContexts;
import org.poq.app.gui.ask.AskViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.Refusal;
import org.poq.app.service.RefusalWords;
import org.poq.core.TokenAmount;
import org.poq.network.ProtocolParams;
import org.poq.network.testing.ProtocolFixture;

/**
 * Issue 24: a request is checked in one place, RequesterSession's, whichever face it came through. The
 * same bad request typed in the Ask window, given to `poq ask` and read by the endpoint's request parser
 * (ChatRequest.parse, the endpoint's first step; the HTTP round trip of its errors is OpenAiEndpointTest's)
 * is refused with the same Refusal: the window and the command line in the same words (RefusalWords), the
 * endpoint in its HTTP words of that refusal (RefusalErrors), none with a range of its own.
 */
class OneRequestCheckTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static Path descriptor;

    @BeforeAll
    static void chain() throws Exception {
        f = ProtocolFixture.start(3, 3);
        descriptor = dir.resolve("network.json");
        f.network().descriptor().write(descriptor);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** One bad request as each face takes it: the form's fields, `poq ask`'s options and the body's poq object. */
    record Case(Refusal expected, String prompt, String k, String m, String maxTokens, String fee) {
        String[] cli() {
            List<String> args = new ArrayList<>(List.of("ask", "--network", descriptor.toString(), "--dev-account", "1",
                    "-k", k, "-m", m, "--max-tokens", maxTokens, "--fee", fee, prompt));
            return args.toArray(String[]::new);
        }

        String body() {
            return "{\"model\":\"" + ProtocolFixture.FAMILY + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],"
                    + "\"max_tokens\":" + maxTokens + ",\"poq\":{\"k\":" + k + ",\"m\":" + m + ",\"fee\":\"" + fee + "\"}}";
        }
    }

    @Test
    void theWindowTheCommandLineAndTheEndpointRefuseABadRequestAlike() {
        ProtocolParams params = f.network().descriptor().params();
        String tooLong = "x".repeat(params.maxPromptBytes() + 1);
        List<Case> cases = List.of(
                new Case(new Refusal.MinersOutOfRange(9, 1, 8), "hi", "9", "3", "64", "10"),
                new Case(new Refusal.MinersOutOfRange(0, 1, 8), "hi", "0", "3", "64", "10"),
                new Case(new Refusal.ValidatorsOutOfRange(4, 3, 15), "hi", "3", "4", "64", "10"),
                new Case(new Refusal.ValidatorsOutOfRange(17, 3, 15), "hi", "3", "17", "64", "10"),
                new Case(new Refusal.MaxTokensOutOfRange(0, 0), "hi", "3", "3", "0", "10"),
                new Case(new Refusal.FeeNotPositive(), "hi", "3", "3", "64", "0"),
                new Case(new Refusal.PromptTooLong(tooLong.length(), params.maxPromptBytes()), tooLong, "3", "3", "64", "10"));
        AppContext ctx = TestContexts.withWallet(dir.resolve("home"), f.network().descriptor());
        try {
            ctx.settings().modelFamily(ProtocolFixture.FAMILY);
            ctx.settings().evaluatorId(ProtocolFixture.EVALUATOR);
            AskViewModel window = new AskViewModel(ctx);
            window.load().join();
            ServeConfig defaults = ServeConfig.defaults(ProtocolFixture.EVALUATOR);
            for (Case c : cases) {
                String words = RefusalWords.of(c.expected(), false);

                window.promptProperty().set(c.prompt());
                window.kProperty().set(c.k());
                window.mProperty().set(c.m());
                window.maxTokensProperty().set(c.maxTokens());
                window.feeProperty().set(c.fee());
                window.previewFee().join();
                assertThat(window.errorProperty().get()).as("the window, %s", c.expected()).isEqualTo(words);

                String cli = run(c.cli());
                assertThat(cli.strip()).as("poq ask, %s", c.expected()).isEqualTo("error: " + words);

                ApiError http = endpoint(c.body(), defaults, params);
                ApiError expected = RefusalErrors.of(c.expected(), false, Map::of);
                assertThat(http.getMessage()).as("the endpoint, %s", c.expected()).isEqualTo(expected.getMessage());
                assertThat(http.status()).isEqualTo(400);
                assertThat(http.toJson().at("/error/param").asText()).isEqualTo(expected.toJson().at("/error/param").asText());
            }
        } finally {
            ctx.close();
        }
    }

    /** A server's defaults are a request's bounds too: an even m is refused when serving starts, in the CLI's words. */
    @Test
    void aServersDefaultsAreCheckedAsEveryRequestIs() {
        Refusal even = new Refusal.ValidatorsOutOfRange(4, 3, 15);
        String err = run("serve", "--network", descriptor.toString(), "--dev-account", "1", "-m", "4", "--port", "0");
        assertThat(err.strip()).isEqualTo("error: " + RefusalWords.of(even, false));
        assertThatThrownBy(() -> new ServeConfig(0, Optional.empty(), 3, 4, TokenAmount.ofTokens(10), 64,
                        ProtocolFixture.EVALUATOR, Duration.ofMinutes(1)))
                .hasMessage(RefusalWords.of(even, false));
    }

    private static ApiError endpoint(String body, ServeConfig defaults, ProtocolParams params) {
        try {
            ChatRequest.parse(body.getBytes(StandardCharsets.UTF_8), defaults, params);
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("the endpoint accepted " + body);
    }

    /** `poq ...` in-process, refused as bad input; what it wrote on standard error. */
    private static String run(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        return run.err();
    }
}
