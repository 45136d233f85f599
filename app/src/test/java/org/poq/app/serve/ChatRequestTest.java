package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.service.TokenCount;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.db.SettingsStore;
import org.poq.network.ProtocolParams;

/** Request parsing, prompt rendering, keys and the spending ledger, without a chain. */
class ChatRequestTest {
    static final Sha256 EVALUATOR = Sha256.of("e".getBytes());
    static final ServeConfig DEFAULTS = new ServeConfig(0, Optional.empty(), 3, 3, TokenAmount.ofTokens(10), 256, EVALUATOR,
            Duration.ofMinutes(1));

    @TempDir
    java.nio.file.Path dir;

    static ChatRequest parse(String json) {
        return ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8), DEFAULTS, ProtocolParams.defaults());
    }

    static ApiError refusal(String json) {
        try {
            parse(json);
        } catch (ApiError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("null");
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void defaultsComeFromTheServerAndThePoqObjectOverridesThem() {
        ChatRequest r = parse("{\"model\":\"fam\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.2}");
        assertThat(r.task().k()).isEqualTo(3);
        assertThat(r.task().fee()).isEqualTo(TokenAmount.ofTokens(10));
        assertThat(r.task().prompt()).isEqualTo("Hi");
        assertThat(r.stream()).isFalse();
        ChatRequest o = parse("{\"model\":\"fam\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":9,"
                + "\"poq\":{\"k\":5,\"m\":7,\"fee\":\"2.5\",\"evaluator\":\"" + "ab".repeat(32) + "\"},\"stream\":true}");
        assertThat(o.task().k()).isEqualTo(5);
        assertThat(o.task().m()).isEqualTo(7);
        assertThat(o.task().maxTokens()).isEqualTo(9);
        assertThat(o.task().fee()).isEqualTo(TokenAmount.parse("2.5"));
        assertThat(o.task().evaluatorId().hex()).isEqualTo("ab".repeat(32));
        assertThat(o.stream()).isTrue();
    }

    @Test
    void nAboveTheDefaultKAsksForMoreMinersButNotAboveAnExplicitK() {
        assertThat(parse("{\"model\":\"f\",\"n\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").task().k()).isEqualTo(5);
        assertThat(refusal("{\"model\":\"f\",\"n\":5,\"poq\":{\"k\":2},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .getMessage()).contains("n at most poq.k");
    }

    @Test
    void aFeeBelowTheMinimumOfTheRoundNGrowsToIsRefusedWithThatRoundsMinimum() {
        // n = 5 without poq.k makes a round of 5 miners: the minimum said is 5 + 3 participants' (0.08 POQ), not the
        // default 3 miners' (0.06 POQ), which the fee would still miss once raised to it
        ApiError e = refusal("{\"model\":\"f\",\"n\":5,\"poq\":{\"fee\":\"0.05\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(e.getMessage()).contains("minimum of 0.08 POQ for 5 miners and 3 validators");
    }

    @Test
    void aConversationBecomesLabelledTurns() {
        ChatRequest r = parse("{\"model\":\"f\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Capital\"},{\"type\":\"text\",\"text\":\"of France?\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"Paris.\"},{\"role\":\"user\",\"content\":\"And Italy?\"}]}");
        assertThat(r.task().prompt()).isEqualTo("System: Be brief.\n\nUser: Capital\nof France?\n\nAssistant: Paris.\n\nUser: And Italy?");
    }

    @Test
    void everyBadFieldIsNamedWithItsRange() {
        assertThat(refusal("[1]").getMessage()).contains("JSON object");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[]}").getMessage()).contains("non-empty list");
        assertThat(refusal("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").getMessage()).contains("model");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}").getMessage())
                .contains("no user message");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}").getMessage()).contains("no text");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"poq\":{\"k\":9}}").getMessage())
                .contains("poq.k must be a whole number from 1 to 8");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"poq\":{\"m\":1.5}}").getMessage())
                .contains("from 3 to 15");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"poq\":{\"fee\":\"0\"}}").getMessage())
                .contains("more than 0");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"poq\":{\"evaluator\":\"xyz\"}}")
                .getMessage()).contains("64 hex digits");
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}").getMessage())
                .contains("true or false");
        String big = "x".repeat(9_000);
        assertThat(refusal("{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}").getMessage())
                .contains("9000 bytes").contains("at most 8192");
    }

    @Test
    void whatTheNetworkCannotServeIsRefusedWithTheFieldNamedBeforePaying() {
        String ask = "{\"model\":\"f\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],";
        ApiError tools = refusal(ask + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"}");
        assertThat(tools.toJson().at("/error/param").asText()).isIn("tools", "tool_choice");
        assertThat(tools.code()).isEqualTo("unsupported_parameter");
        assertThat(refusal(ask + "\"tool_choice\":\"required\"}").toJson().at("/error/param").asText()).isEqualTo("tool_choice");
        assertThat(refusal(ask + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}}")
                .toJson().at("/error/param").asText()).isEqualTo("response_format");
        assertThat(refusal(ask + "\"logprobs\":true}").toJson().at("/error/param").asText()).isEqualTo("logprobs");
        assertThat(refusal(ask + "\"top_logprobs\":3}").toJson().at("/error/param").asText()).isEqualTo("top_logprobs");
        ApiError typed = refusal(ask + "\"temperature\":\"0.7\"}");
        assertThat(typed.toJson().at("/error/param").asText()).isEqualTo("temperature");
        assertThat(typed.getMessage()).contains("from 0 to 2");
        assertThat(refusal(ask + "\"top_p\":7}").getMessage()).contains("from 0 to 1");
        assertThat(refusal(ask + "\"seed\":1.5}").toJson().at("/error/param").asText()).isEqualTo("seed");
        ApiError unknown = refusal(ask + "\"temprature\":0.5}");
        assertThat(unknown.code()).isEqualTo("unknown_parameter");
        assertThat(unknown.toJson().at("/error/param").asText()).isEqualTo("temprature");
        assertThat(refusal(ask + "\"stop\":[1]}").toJson().at("/error/param").asText()).isEqualTo("stop");
        assertThat(refusal(ask + "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}").getMessage()).contains("at most 4");
        // what a client sends by default stays accepted: null fields, text format, empty tools, tool_choice none
        ChatRequest ok = parse(ask + "\"temperature\":0.7,\"top_p\":null,\"response_format\":{\"type\":\"text\"},\"tools\":[],"
                + "\"tool_choice\":\"none\",\"logprobs\":false,\"seed\":7,\"user\":\"u\",\"stop\":\"END\","
                + "\"stream_options\":{\"include_usage\":true}}");
        assertThat(ok.stop()).containsExactly("END");
        assertThat(ok.includeUsage()).isTrue();
    }

    @Test
    void stopCutsTheChosenAnswerAndAnAnswerThatFillsMaxTokensEndsWithLength() {
        assertThat(CompletionWriter.finish("Paris. END and more", List.of("END", "Paris"), 64))
                .isEqualTo(new CompletionWriter.Choice("", "stop"));
        assertThat(CompletionWriter.finish("Paris. END and more", List.of("END"), 64))
                .isEqualTo(new CompletionWriter.Choice("Paris. ", "stop"));
        assertThat(CompletionWriter.finish("Paris.", List.of(), 64)).isEqualTo(new CompletionWriter.Choice("Paris.", "stop"));
        String cut = "word ".repeat(40);
        assertThat(CompletionWriter.finish(cut, List.of(), 16).finish()).isEqualTo("length");
        assertThat(TokenCount.of("Paris is the capital of France.").estimated()).isTrue();
        assertThat(TokenCount.of("Paris is the capital of France.").tokens()).isBetween(6, 10);
    }

    @Test
    void streamedAnswersArriveInWordGroupsThatJoinToTheWholeText() {
        String text = "Paris is the capital of France, and has been for a very long time indeed.";
        List<String> pieces = CompletionWriter.pieces(text);
        assertThat(pieces.size()).isGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(CompletionWriter.pieces("")).containsExactly("");
    }

    @Test
    void onlyTheKeysHashIsKeptAndAnyOtherKeyIsRefused() {
        try (Database db = Database.open(dir.resolve("k.db"))) {
            SettingsStore store = new SettingsStore(db);
            ApiKeys keys = new ApiKeys(store);
            assertThat(keys.exists()).isFalse();
            assertThat(keys.accepts("anything")).isFalse();
            String key = keys.create();
            assertThat(key).startsWith("poq-").hasSizeGreaterThan(40);
            assertThat(store.get("serve.apikey.sha256")).contains(ApiKeys.hash(key));
            assertThat(ApiKeys.hash(key)).doesNotContain(key.substring(4));
            assertThat(keys.accepts(key)).isTrue();
            assertThat(keys.accepts(key + "x")).isFalse();
            assertThat(keys.accepts(null)).isFalse();
            String next = keys.create();
            assertThat(keys.accepts(key)).isFalse();
            assertThat(keys.accepts(next)).isTrue();
        }
    }

    @Test
    void theDailyLimitCountsReservationsLessRefundsAndStartsAfreshEachUtcDay() {
        try (Database db = Database.open(dir.resolve("l.db"))) {
            ServeFixture.MutableClock clock = new ServeFixture.MutableClock(Instant.parse("2026-12-01T23:00:00Z"));
            SpendLedger ledger = new SpendLedger(db, clock, new SpendingLimits(TokenAmount.ofTokens(10), TokenAmount.ofTokens(25)));
            SpendLedger.Reservation a = ledger.reserve(TokenAmount.ofTokens(10), 0);
            SpendLedger.Reservation b = ledger.reserve(TokenAmount.ofTokens(10), 0);
            assertThatThrownBy(() -> ledger.reserve(TokenAmount.ofTokens(10), 0)).isInstanceOf(ApiError.class)
                    .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(429));
            ledger.refund(a, TokenAmount.ofTokens(6));
            ledger.release(b);
            assertThat(ledger.spentToday()).isEqualTo(TokenAmount.ofTokens(4));
            assertThatThrownBy(() -> ledger.reserve(TokenAmount.parse("10.5"), 0)).isInstanceOf(ApiError.class)
                    .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(402));
            // a refund can never give back more than was reserved
            ledger.refund(ledger.reserve(TokenAmount.ofTokens(1), 0), TokenAmount.ofTokens(100));
            assertThat(ledger.spentToday()).isEqualTo(TokenAmount.ofTokens(4));
            clock.advance(Duration.ofMinutes(61));
            assertThat(ledger.spentToday()).isEqualTo(TokenAmount.ZERO);
        }
        assertThatThrownBy(() -> new SpendingLimits(TokenAmount.ofTokens(30), TokenAmount.ofTokens(20)))
                .hasMessageContaining("cannot be above the limit per day");
    }
}
