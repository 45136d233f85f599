package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.network.RawChain;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.testing.ProtocolFixture;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The OpenAI-compatible endpoint against a real chain with running nodes: the official `openai` npm
 * client and curl list the models and get whole and streamed completions, whose `poq` evidence is
 * checked against the chain; and every refusal (wrong key, spending limits, a locked wallet, an
 * unknown family, no eligible miners, an answer below the quality floor) is OpenAI-shaped, plain, and
 * spends nothing it should not.
 */
class OpenAiEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static ServeFixture fx;
    static ServeFixture.Wallet wallet;
    static Serving serving;
    static String key;
    static final List<ILoggingEvent> logs = Collections.synchronizedList(new ArrayList<>());
    static ListAppender<ILoggingEvent> appender;
    static final List<Timings> timings = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new ListAppender<>();
        appender.list = logs;
        appender.start();
        root.addAppender(appender);
        ((Logger) LoggerFactory.getLogger("org.poq")).setLevel(Level.ALL);
        fx = new ServeFixture(dir);
        wallet = fx.wallet("main", Duration.ofHours(1));
        serving = fx.serve("main", wallet.signer(), ServeFixture.config(), SpendingLimits.defaults(), timings::add);
        key = serving.shownOnceKey();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    }

    // ------------------------------------------------------------------ helpers

    static HttpResponse<String> post(Serving s, String apiKey, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ask(String family, String extra) {
        return "{\"model\":\"" + family + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    static TaskId lastTask() {
        return fx.f.network().lastTaskId();
    }

    static void assertPlainError(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-should-retry")).contains("false");
        JsonNode e = json(r.body()).get("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).doesNotContain("Exception").doesNotContain("null").doesNotContain("org.");
    }

    static Process run(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().putAll(env);
        return pb.start();
    }

    static String[] runAndRead(List<String> command, Map<String, String> env) throws Exception {
        Process p = run(command, env);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new String[]{out, err, Integer.toString(p.exitValue())};
    }

    /** The evidence says what the chain says: scores, consensus, fee and refund, and each hash is a mined market call. */
    static void assertEvidenceOnChain(JsonNode poq, String expectedBest) throws Exception {
        PoqNetwork net = fx.f.network();
        TaskId id = new TaskId(new BigInteger(poq.get("task_id").asText()));
        assertThat(poq.get("chain_id").asLong()).isEqualTo(RawChain.of(net).web3j().ethChainId().send().getChainId().longValue());
        assertThat(poq.get("requester").asText()).isEqualToIgnoringCase(fx.f.requester().address());
        List<Integer> consensus = net.consensus(id);
        TaskView chain = TaskTracker.replay(id, net.events(net.descriptor().deployBlock(), net.blockNumber()));
        assertThat(poq.get("fee").asText()).isEqualTo(chain.fee().toPlainString());
        assertThat(poq.get("refund").asText()).isEqualTo(chain.refund().toPlainString());
        for (JsonNode a : poq.get("answers")) {
            int slot = a.get("slot").asInt();
            assertThat(a.get("consensus_score").asInt()).isEqualTo(consensus.get(slot));
            assertThat(a.get("miner").asText()).isEqualToIgnoringCase(chain.miners().get(slot));
            for (Iterator<Map.Entry<String, JsonNode>> it = a.get("validator_scores").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                assertThat(v.getValue().asInt()).isEqualTo(net.validatorScores(id, v.getKey()).get(slot));
            }
        }
        JsonNode first = poq.get("answers").get(0);
        assertThat(chain.answers().get(first.get("slot").asInt()).text()).isEqualTo(expectedBest);
        JsonNode tx = poq.get("transactions");
        List<String> hashes = new ArrayList<>(List.of(tx.get("submit").asText(), tx.get("finalize").asText()));
        for (String group : List.of("answer_commits", "answer_reveals", "score_commits", "score_reveals")) {
            tx.get(group).forEach(h -> hashes.add(h.asText()));
        }
        assertThat(tx.get("answer_reveals").size()).isEqualTo(3);
        assertThat(tx.get("score_reveals").size()).isEqualTo(3);
        for (String h : hashes) {
            TransactionReceipt receipt = RawChain.of(net).web3j().ethGetTransactionReceipt(h).send().getTransactionReceipt().orElseThrow();
            assertThat(receipt.isStatusOK()).isTrue();
            assertThat(receipt.getTo()).isEqualToIgnoringCase(net.descriptor().contracts().market());
        }
        TransactionReceipt submit = RawChain.of(net).web3j().ethGetTransactionReceipt(tx.get("submit").asText()).send()
                .getTransactionReceipt().orElseThrow();
        assertThat(submit.getFrom()).isEqualToIgnoringCase(fx.f.requester().address());
    }

    // ------------------------------------------------------------------ tests

    @Test
    void theOfficialOpenAiClientListsModelsCompletesStreamsAndUnderstandsTheErrors() throws Exception {
        String[] r = runAndRead(List.of("node", "src/test/scripts/openai-client.mjs"), Map.of(
                "OPENAI_BASE_URL", serving.baseUrl(), "OPENAI_API_KEY", key, "POQ_MODEL", ServeFixture.FAMILY,
                "POQ_NOISE_MODEL", ServeFixture.NOISE));
        assertThat(r[2]).as("node failed: " + r[1] + r[0] + " (run npm ci at the repository root for the openai package)").isEqualTo("0");
        JsonNode out = json(r[0]);
        assertThat(out.get("models").toString()).contains(ServeFixture.FAMILY).contains(ServeFixture.NOISE);
        assertThat(out.at("/completion/content").asText()).isEqualTo(ServeFixture.BEST);
        assertThat(out.at("/completion/finish").asText()).isEqualTo("stop");
        assertEvidenceOnChain(out.at("/completion/poq"), ServeFixture.BEST);
        assertThat(out.at("/stream/contents/0").asText()).isEqualTo(ServeFixture.BEST);
        assertThat(out.at("/stream/contents/1").asText()).isEqualTo("It is Paris.");
        assertEvidenceOnChain(out.at("/stream/poq"), ServeFixture.BEST);
        assertThat(out.at("/wrong_key/message").asText()).contains("Incorrect API key");
        assertThat(out.at("/unknown_model/code").asText()).isEqualTo("model_not_found");
        assertThat(out.at("/over_limit/code").asText()).isEqualTo("spending_limit_per_request");
        assertThat(out.at("/below_floor/code").asText()).isEqualTo("below_quality_floor");
        assertThat(out.at("/below_floor/message").asText()).contains("refunded");
    }

    @Test
    void curlGetsModelsAWholeAnswerAndAStreamWithPhaseComments() throws Exception {
        Map<String, String> env = Map.of();
        String auth = "Authorization: Bearer " + key;
        String[] models = runAndRead(List.of("curl", "-sS", "-H", auth, serving.baseUrl() + "/models"), env);
        JsonNode list = json(models[0]);
        assertThat(list.get("object").asText()).isEqualTo("list");
        JsonNode family = Stream.of(list.get("data")).flatMap(d -> java.util.stream.StreamSupport.stream(d.spliterator(), false))
                .filter(m -> m.get("id").asText().equals(ServeFixture.FAMILY)).findFirst().orElseThrow();
        assertThat(family.at("/poq/eligible_miners").asInt()).isEqualTo(3);

        String[] whole = runAndRead(List.of("curl", "-sS", "-H", auth, "-H", "Content-Type: application/json",
                "-d", ask(ServeFixture.FAMILY, ""), serving.baseUrl() + "/chat/completions"), env);
        JsonNode c = json(whole[0]);
        assertThat(c.get("object").asText()).isEqualTo("chat.completion");
        assertThat(c.at("/choices/0/message/content").asText()).isEqualTo(ServeFixture.BEST);
        assertEvidenceOnChain(c.get("poq"), ServeFixture.BEST);

        String[] stream = runAndRead(List.of("curl", "-sS", "-N", "-H", auth, "-H", "Content-Type: application/json",
                "-d", ask(ServeFixture.FAMILY, "\"stream\":true"), serving.baseUrl() + "/chat/completions"), env);
        String sse = stream[0];
        assertThat(sse).contains(": poq phase=signing").containsPattern(": poq task=\\d+ phase=submitted")
                .contains("phase=score_reveal").endsWith("data: [DONE]\n\n");
        assertThat(sse.indexOf("phase=submitted")).isLessThan(sse.indexOf("data: {"));
        StringBuilder text = new StringBuilder();
        JsonNode last = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                last = json(line.substring(6));
                assertThat(last.get("object").asText()).isEqualTo("chat.completion.chunk");
                text.append(last.at("/choices/0/delta/content").asText(""));
            }
        }
        assertThat(text.toString()).isEqualTo(ServeFixture.BEST);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertEvidenceOnChain(last.get("poq"), ServeFixture.BEST);
    }

    @Test
    void aWrongOrMissingKeyIsRefusedBeforeAnythingElse() throws Exception {
        TaskId before = lastTask();
        assertPlainError(post(serving, "poq-guessed-key", ask(ServeFixture.FAMILY, "")), 401, "invalid_api_key");
        assertPlainError(post(serving, null, ask(ServeFixture.FAMILY, "")), 401, "invalid_api_key");
        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(serving.baseUrl() + "/models"))
                .header("Authorization", "Bearer " + key + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertPlainError(models, 401, "invalid_api_key");
        assertThat(lastTask()).isEqualTo(before);
    }

    @Test
    void spendingLimitsAreCheckedBeforeSigning() throws Exception {
        // attack: a script with the key tries to drain the wallet, with one large fee, then with many small ones
        TaskId before = lastTask();
        TokenAmount balance = fx.f.network().poqBalance(fx.f.requester().address());
        HttpResponse<String> big = post(serving, key, ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"25\"}"));
        assertPlainError(big, 402, "spending_limit_per_request");
        assertThat(json(big.body()).at("/error/message").asText()).contains("25 POQ").contains("20 POQ per request");
        assertThat(lastTask()).isEqualTo(before);
        assertThat(fx.f.network().poqBalance(fx.f.requester().address())).isEqualTo(balance);

        ServeFixture.Wallet w = fx.wallet("daily", Duration.ofHours(1));
        Serving daily = fx.serve("daily", w.signer(), ServeFixture.config(),
                new SpendingLimits(TokenAmount.ofTokens(10), TokenAmount.ofTokens(15)), t -> { });
        HttpResponse<String> first = post(daily, daily.shownOnceKey(), ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"10\"}"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        TaskId paid = lastTask();
        // the refund of the first round (the wrong answer earns nothing) counts back, but not enough for another 10
        HttpResponse<String> second = post(daily, daily.shownOnceKey(), ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"10\"}"));
        assertPlainError(second, 429, "spending_limit_per_day");
        assertThat(json(second.body()).at("/error/message").asText()).contains("of 15 POQ spent").contains("tomorrow");
        assertThat(lastTask()).isEqualTo(paid);
    }

    @Test
    void aLockedWalletSignsNothingAndSaysHowToUnlock() throws Exception {
        ServeFixture.Wallet w = fx.wallet("locked", Duration.ofMinutes(5));
        Serving s = fx.serve("locked", w.signer(), ServeFixture.config(), SpendingLimits.defaults(), t -> { });
        TaskId before = lastTask();
        // the wallet's auto-lock fires after 5 idle minutes; the server's key goes with it
        w.clock().advance(Duration.ofMinutes(6));
        HttpResponse<String> idle = post(s, s.shownOnceKey(), ask(ServeFixture.FAMILY, ""));
        assertPlainError(idle, 401, "wallet_locked");
        assertThat(json(idle.body()).at("/error/message").asText()).contains("Unlock it").contains("Nothing was signed");
        // unlocking the vault again is not enough: serving must be switched on again with the password
        w.vault().unlock(ServeFixture.PASSWORD.toCharArray());
        assertPlainError(post(s, s.shownOnceKey(), ask(ServeFixture.FAMILY, "")), 401, "wallet_locked");
        assertThat(lastTask()).isEqualTo(before);

        ServeFixture.Wallet w2 = fx.wallet("locked2", Duration.ofHours(1));
        Serving s2 = fx.serve("locked2", w2.signer(), ServeFixture.config(), SpendingLimits.defaults(), t -> { });
        w2.vault().lock();
        assertPlainError(post(s2, s2.shownOnceKey(), ask(ServeFixture.FAMILY, "")), 401, "wallet_locked");
        assertThat(lastTask()).isEqualTo(before);
    }

    @Test
    void anUnknownFamilyAndAFamilyWithNoEligibleMinerAreNamed() throws Exception {
        HttpResponse<String> unknown = post(serving, key, ask("gpt-4o", ""));
        assertPlainError(unknown, 404, "model_not_found");
        assertThat(json(unknown.body()).at("/error/message").asText()).contains("gpt-4o").contains(ServeFixture.FAMILY)
                .contains(ServeFixture.NOISE);
        // the noise family's only miner pays for its own request: the requester is never drawn
        Serving own = fx.serve("own", new KeySigner(ProtocolFixture.credentialsOf(fx.noiseMiner.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        HttpResponse<String> none = post(own, own.shownOnceKey(), ask(ServeFixture.NOISE, "\"poq\":{\"k\":1}"));
        assertPlainError(none, 503, "no_eligible_miners");
        HttpResponse<String> tooMany = post(serving, key, ask(ServeFixture.FAMILY, "\"poq\":{\"k\":5}"));
        assertPlainError(tooMany, 400, "invalid_value");
        assertThat(json(tooMany.body()).at("/error/message").asText()).contains("at most 3");
    }

    @Test
    void aRoundWithNoAnswerAboveTheFloorIsAnErrorThatShowsTheRefund() throws Exception {
        TokenAmount before = fx.f.network().poqBalance(fx.f.requester().address());
        HttpResponse<String> r = post(serving, key, ask(ServeFixture.NOISE, "\"poq\":{\"k\":1,\"fee\":\"4\"}"));
        assertPlainError(r, 422, "below_quality_floor");
        JsonNode body = json(r.body());
        assertThat(body.at("/error/message").asText()).contains("best consensus score was 2000/10000").contains("floor is 3000/10000")
                .contains("refunded");
        JsonNode poq = body.get("poq");
        TokenAmount refund = TokenAmount.parse(poq.get("refund").asText());
        assertThat(refund.isZero()).isFalse();
        assertThat(poq.at("/answers/0/choice_index").isNull()).isTrue();
        TokenAmount after = fx.f.network().poqBalance(fx.f.requester().address());
        assertThat(before.minus(after)).isEqualTo(TokenAmount.parse("4").minus(refund));
    }

    @Test
    void aRoundNobodyAnswersEndsAtTheDeadlineWithTheRefundShown() throws Exception {
        // attack: a miner that registered and never answers holds the request hostage; the deadline frees it
        TaskId before = lastTask();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return post(serving, key, ask(ServeFixture.SILENT, "\"poq\":{\"k\":1,\"fee\":\"3\"}"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 300 && lastTask().equals(before); i++) {
            Thread.sleep(100);
        }
        assertThat(lastTask()).isNotEqualTo(before);
        for (int i = 0; i < 10 && !pending.isDone(); i++) {
            fx.f.increaseTime(fx.f.network().descriptor().params().commitWindowSeconds() + 5L);
            Thread.sleep(1_500);
        }
        HttpResponse<String> r = pending.get(60, TimeUnit.SECONDS);
        assertPlainError(r, 504, "deadline_passed");
        JsonNode body = json(r.body());
        assertThat(body.at("/error/message").asText()).contains("No miner revealed an answer before the deadline").contains("refunded");
        assertThat(body.at("/poq/answers").size()).isZero();
        assertThat(TokenAmount.parse(body.at("/poq/refund").asText()).isZero()).isFalse();
        assertThat(body.at("/poq/penalties").toString()).contains("absent");
    }

    @Test
    void badRequestsGetPlainMessagesThatNameTheField() throws Exception {
        TaskId before = lastTask();
        assertPlainError(post(serving, key, "{not json"), 400, "invalid_value");
        assertPlainError(post(serving, key, "{\"model\":\"x\"}"), 400, "invalid_value");
        HttpResponse<String> tool = post(serving, key, "{\"model\":\"" + ServeFixture.FAMILY
                + "\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}");
        assertPlainError(tool, 400, "invalid_value");
        assertThat(json(tool.body()).at("/error/param").asText()).isEqualTo("messages[0].role");
        HttpResponse<String> n = post(serving, key, ask(ServeFixture.FAMILY, "\"n\":3,\"poq\":{\"k\":2}"));
        assertThat(json(n.body()).at("/error/message").asText()).contains("n at most poq.k");
        HttpResponse<String> image = post(serving, key, "{\"model\":\"" + ServeFixture.FAMILY
                + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}");
        assertThat(json(image.body()).at("/error/message").asText()).contains("text only");
        HttpResponse<String> maxTokens = post(serving, key, ask(ServeFixture.FAMILY, "\"max_tokens\":0"));
        // below 1 is refused where every face refuses it, RequesterSession.checkRound, in the words `poq ask` uses before it connects
        assertThat(json(maxTokens.body()).at("/error/message").asText()).contains("from 1 to the network's limit, not 0");
        assertThat(json(maxTokens.body()).at("/error/param").asText()).isEqualTo("max_tokens");
        HttpResponse<String> fee = post(serving, key, ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"ten\"}"));
        assertThat(json(fee.body()).at("/error/message").asText()).contains("such as \"10\"");
        // the fixed bug: a fee under the protocol minimum passed every check here and failed only at the submit
        HttpResponse<String> cheap = post(serving, key, ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"0.000001\"}"));
        assertPlainError(cheap, 400, "invalid_value");
        assertThat(json(cheap.body()).at("/error/param").asText()).isEqualTo("poq.fee");
        assertThat(json(cheap.body()).at("/error/message").asText()).contains("below the protocol minimum");
        assertThat(lastTask()).isEqualTo(before);
    }

    @Test
    void onlyLoopbackOnlyLocalHostNamesAndNoBrowsersUnlessAllowed() throws Exception {
        assertThat(serving.server().address().getAddress().isLoopbackAddress()).isTrue();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (!a.isLoopbackAddress()) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new java.net.InetSocketAddress(a, serving.server().port()), 500);
                        throw new AssertionError("the endpoint answered on " + a);
                    } catch (IOException expected) {
                        // refused: not listening there
                    }
                }
            }
        }
        // attack: DNS rebinding, a web page's host name resolved to 127.0.0.1
        String[] rebound = runAndRead(List.of("curl", "-sS", "-H", "Host: evil.example:" + serving.server().port(),
                "-H", "Authorization: Bearer " + key, serving.baseUrl() + "/models"), Map.of());
        assertThat(json(rebound[0]).at("/error/code").asText()).isEqualTo("forbidden_host");
        // CORS is off: a preflight is refused and no response allows an origin
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(serving.baseUrl() + "/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // allowed for one origin, only that origin
        ServeConfig c = ServeFixture.config();
        Serving cors = fx.serve("cors", new KeySigner(ProtocolFixture.credentialsOf(fx.f.requester().address())),
                new ServeConfig(0, Optional.of("http://localhost:3000"), c.k(), c.m(), c.fee(), c.maxTokens(), c.evaluator(), c.roundTimeout()),
                SpendingLimits.defaults(), t -> { });
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(cors.baseUrl() + "/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(cors.baseUrl() + "/models"))
                .header("Origin", "http://evil.example").header("Authorization", "Bearer " + cors.shownOnceKey()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void wrongMethodsBigBodiesTheResponsesPathAndCorsHeadersAreAnsweredPlainly() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(serving.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertPlainError(get, 405, "method_not_allowed");
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        // curl sends a 2 MiB body: the 413 must reach it, not a connection reset
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"model\":\"" + "x".repeat(2 << 20) + "\"}");
        String[] r = runAndRead(List.of("curl", "-sS", "-w", "\n%{http_code}", "-H", "Authorization: Bearer " + key,
                "-H", "Content-Type: application/json", "--data-binary", "@" + big, serving.baseUrl() + "/chat/completions"), Map.of());
        assertThat(r[1]).as("curl's errors").doesNotContain("reset").doesNotContain("Recv failure");
        assertThat(r[0]).contains("request_too_large").endsWith("413");
        // the Vercel AI SDK's default provider(model) calls the Responses API: the 404 names .chat()
        HttpResponse<String> responses = HTTP.send(HttpRequest.newBuilder(URI.create(serving.baseUrl() + "/responses"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        assertPlainError(responses, 404, "unknown_url");
        assertThat(json(responses.body()).at("/error/message").asText()).contains("provider.chat(model)");
        // a page allowed by CORS can read the headers that say not to retry
        ServeConfig c = ServeFixture.config();
        Serving cors = fx.serve("expose", new KeySigner(ProtocolFixture.credentialsOf(fx.f.requester().address())),
                new ServeConfig(0, Optional.of("http://localhost:3000"), c.k(), c.m(), c.fee(), c.maxTokens(), c.evaluator(), c.roundTimeout()),
                SpendingLimits.defaults(), t -> { });
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(cors.baseUrl() + "/models"))
                .header("Origin", "http://localhost:3000").header("Authorization", "Bearer " + cors.shownOnceKey()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("x-should-retry");
    }

    @Test
    void theKeyIsShownOnceAndNeverReachesALogOrTheDatabase() throws Exception {
        post(serving, key, ask("gpt-4o", ""));
        post(serving, "poq-wrong-" + key, ask(ServeFixture.FAMILY, ""));
        assertThat(logs).isNotEmpty();
        synchronized (logs) {
            for (ILoggingEvent e : logs) {
                String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
                assertThat(text).doesNotContain(key).doesNotContain(key.substring(4, 20));
            }
        }
        assertThat(logs.stream().map(ILoggingEvent::getFormattedMessage)).anyMatch(m -> m.contains("/v1/chat/completions -> 401"));
        for (String name : List.of("main.db", "main.db-wal")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(key.substring(4));
            }
        }
        // a second start over the same database keeps the key and does not show it again
        try (org.poq.core.db.Database db = org.poq.core.db.Database.open(dir.resolve("main.db"));
             Serving again = Serving.start(fx.f.network(), wallet.signer(), db, ServeFixture.config(), SpendingLimits.defaults(), false, t -> { })) {
            assertThat(again.shownOnceKey()).isNull();
            HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(again.baseUrl() + "/models"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
        }
    }
}
