package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.service.TokenCount;
import org.poq.network.RawChain;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.miner.engine.llama.VocabTokenizer;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.poq.miner.service.MinerService;
import org.poq.miner.testmodels.ModelFiles;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.TaskRequest;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What an integrator's money depends on, on a real chain with running nodes and the official
 * `openai` npm client: concurrent requests from one account all succeed and none reverts (one signer
 * queue, one approve per day's budget); an SDK's retries after a timeout attach to the task already
 * paid for; the spending ledger equals the chain to the wei, also after the server stopped mid-round
 * or died before recording its task, and two servers on one data folder share one daily limit.
 */
class ServeMoneyTest {
    @TempDir
    static Path dir;
    static ServeFixture fx;

    @BeforeAll
    static void start() {
        fx = new ServeFixture(dir);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static PoqNetwork net() {
        return fx.f.network();
    }

    /** The newest task's id on the chain, 0 before the first. */
    static BigInteger lastTask() {
        TaskId id = net().lastTaskId();
        return id == null ? BigInteger.ZERO : id.value();
    }

    static TokenAmount balance(String address) {
        return net().poqBalance(address);
    }

    static Map<String, String> env(Serving s, String key, String part) {
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", s.baseUrl(), "OPENAI_API_KEY", key,
                "POQ_MODEL", ServeFixture.FAMILY, "POQ_PART", part));
        return env;
    }

    static JsonNode node(String script, Map<String, String> env) throws Exception {
        String[] r = OpenAiEndpointTest.runAndRead(List.of("node", "src/test/scripts/" + script), env);
        assertThat(r[2]).as("node failed: " + r[1] + r[0]).isEqualTo("0");
        return OpenAiEndpointTest.json(r[0]);
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        // generous: the machine may be busy; the condition, not the clock, ends the wait
        for (int i = 0; i < 1_800 && !done.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    /** Every transaction the account sent in blocks [from, head], with its receipt. */
    static List<TransactionReceipt> sentBy(String address, long from) throws Exception {
        List<TransactionReceipt> out = new ArrayList<>();
        long head = net().blockNumber();
        for (long b = from; b <= head; b++) {
            EthBlock.Block block = RawChain.of(net()).web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true)
                    .send().getBlock();
            for (EthBlock.TransactionResult<?> t : block.getTransactions()) {
                EthBlock.TransactionObject tx = (EthBlock.TransactionObject) t.get();
                if (tx.getFrom().equalsIgnoreCase(address)) {
                    out.add(RawChain.of(net()).web3j().ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt().orElseThrow());
                }
            }
        }
        return out;
    }

    @Test
    void twentyConcurrentOpenAiRequestsAllSucceedNothingRevertsAndTheLedgerEqualsTheChain() throws Exception {
        // attack on the integrator's money: concurrency from one account once collided on nonces and raced
        // two approves, so requests failed as client errors and a reverted submit still cost gas
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("concurrent", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                new SpendingLimits(TokenAmount.ofTokens(5), TokenAmount.ofTokens(200)), t -> { });
        long from = net().blockNumber() + 1;
        TokenAmount before = balance(payer.address());
        Map<String, String> env = env(s, s.shownOnceKey(), "concurrency");
        env.put("POQ_CONCURRENCY", "20");
        env.put("POQ_FEE", "2");
        JsonNode out = node("openai-money.mjs", env);
        Set<String> tasks = new HashSet<>();
        for (JsonNode r : out.get("results")) {
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("content").asText()).isEqualTo(ServeFixture.BEST);
            tasks.add(r.get("task").asText());
        }
        assertThat(tasks).hasSize(20);
        List<TransactionReceipt> sent = sentBy(payer.address(), from);
        assertThat(sent).allSatisfy(r -> assertThat(r.isStatusOK()).as("reverted: " + r.getTransactionHash()).isTrue());
        long approves = sent.stream().filter(r -> r.getTo().equalsIgnoreCase(net().descriptor().contracts().token())).count();
        assertThat(approves).as("one approve for the day's budget").isEqualTo(1);
        // the ledger equals the chain to the wei: fees escrowed less the refunds the chain paid back
        assertThat(s.spentToday()).isEqualTo(before.minus(balance(payer.address())));
    }

    @Test
    void anSdkThatTimesOutAndRetriesIsAttachedToTheTaskItPaidForAndPaysOnce() throws Exception {
        // attack (by accident): openai-node's default retries with a short timeout paid three tasks for one question
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("retry", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        BigInteger before = lastTask();
        TokenAmount balance = balance(payer.address());
        Map<String, String> env = env(s, s.shownOnceKey(), "retry");
        env.put("POQ_TIMEOUT_MS", "300");
        JsonNode out = node("openai-money.mjs", env);
        await("the round the retries attached to finishes and is settled", () -> s.spentToday().equals(balance.minus(balance(payer.address())))
                && !lastTask().equals(before) && net().task(new TaskId(lastTask())).isFinalized());
        assertThat(lastTask()).as("one task for one question: " + out).isEqualTo(before.add(BigInteger.ONE));

        // the same Idempotency-Key after the answer gets the same answer, not a second task
        String body = OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"2\"}");
        HttpResponse<String> first = post(s, s.shownOnceKey(), body, "key-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        BigInteger paid = lastTask();
        HttpResponse<String> again = post(s, s.shownOnceKey(), body, "key-1");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(OpenAiEndpointTest.json(again.body()).at("/poq/task_id").asText())
                .isEqualTo(OpenAiEndpointTest.json(first.body()).at("/poq/task_id").asText());
        assertThat(lastTask()).isEqualTo(paid);
        // a key reused for another question is a client bug: refused, nothing paid
        HttpResponse<String> other = post(s, s.shownOnceKey(), OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"n\":2"), "key-1");
        OpenAiEndpointTest.assertPlainError(other, 409, "idempotency_key_reused");
        assertThat(lastTask()).isEqualTo(paid);
    }

    @Test
    void aBalanceSpentRightAfterTheServersCopyOfItIsRefusedWith402BeforeAnythingIsSigned() throws Exception {
        // attack on the kept copy of the chain's values: the account is drained (by its owner's other wallet, or
        // a second program) right after a request, while the server's copy still shows the old balance
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("drained", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        String body = OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"2\"}");
        HttpResponse<String> first = post(s, s.shownOnceKey(), body, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        payer.transferPoq(fx.f.newAccount().address(), balance(payer.address()).minus(TokenAmount.ofTokens(1)));
        TokenAmount spent = s.spentToday();
        BigInteger before = lastTask();
        long from = net().blockNumber() + 1;

        HttpResponse<String> r = post(s, s.shownOnceKey(), OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"2\"},\"n\":1"), null);
        OpenAiEndpointTest.assertPlainError(r, 402, "insufficient_balance");
        assertThat(lastTask()).as("no task was paid for").isEqualTo(before);
        assertThat(sentBy(payer.address(), from)).as("nothing was signed, so nothing reverted").isEmpty();
        assertThat(s.spentToday()).as("the reservation went back").isEqualTo(spent);
    }

    @Test
    void aMinerThatRegisteredJustAfterARefusalIsServedAtOnce() throws Exception {
        // the kept copy must never refuse on old news: a refusal is decided on the chain's counts now
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("newcomer", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        String body = OpenAiEndpointTest.ask("newcomer-family", "\"poq\":{\"k\":1,\"fee\":\"2\"}");
        BigInteger before = lastTask();
        HttpResponse<String> refused = post(s, s.shownOnceKey(), body, null);
        assertThat(refused.statusCode()).as(refused.body()).isNotEqualTo(200);
        assertThat(lastTask()).isEqualTo(before);
        fx.minerOfModel("newcomer-family", Sha256.of("newcomer-model".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> served = post(s, s.shownOnceKey(), body, null);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(OpenAiEndpointTest.json(served.body()).at("/choices/0/message/content").asText()).isEqualTo(ServeFixture.BEST);
    }

    static HttpResponse<String> post(Serving s, String key, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key);
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return OpenAiEndpointTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStreamCarriesTheAnswerInSmallChunksCutAtStopWithTheUsageChunk() throws Exception {
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("usage", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        JsonNode out = node("openai-money.mjs", env(s, s.shownOnceKey(), "usage")).get("usage");
        assertThat(out.get("text").asText()).isEqualTo("Paris is the capital of ");
        assertThat(out.get("finish").asText()).isEqualTo("stop");
        assertThat(out.get("chunks").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(out.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(out.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(out.at("/usage/prompt_tokens").asInt()
                + out.at("/usage/completion_tokens").asInt());
        assertThat(out.at("/usage/estimated").asBoolean()).isTrue();
    }

    @Test
    void usageIsCountedWithTheModelsTokenizerWhenThisNodeHoldsAMinersModelFile() throws Exception {
        // a family whose miner declared the id of a GGUF this node's library holds: the counts are exact, as the
        // miner's generation counted them; the test above is the other case (no model here: estimated, and says so)
        Path models = dir.resolve("models");
        Files.createDirectories(models);
        ModelRecord tiny;
        try (Database db = Database.open(dir.resolve("tokens.db"))) {
            tiny = new ModelLibrary(db, models, ModelDownloader.withDefaults()).importFile(ModelFiles.tinyLlama3());
        }
        fx.minerOfModel("tiny-family", tiny.id());
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("tokens", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        String question = "What is the capital of France? Réponds en une phrase.";
        HttpResponse<String> r = post(s, s.shownOnceKey(), "{\"model\":\"tiny-family\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}],\"poq\":{\"k\":1,\"fee\":\"2\"}}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode usage = OpenAiEndpointTest.json(r.body()).get("usage");
        assertThat(usage.get("estimated").asBoolean()).as(usage.toString()).isFalse();
        try (VocabTokenizer t = VocabTokenizer.open(tiny.path())) {
            // the prompt a miner answers: the protocol's system prompt (audits replay exactly it) and the question
            assertThat(usage.get("prompt_tokens").asInt())
                    .isEqualTo(t.promptTokens(MinerService.renderPrompt(t.format(), MinerService.SYSTEM_PROMPT, question)))
                    .isGreaterThan(t.promptTokens(MinerService.renderPrompt(t.format(), null, question)));
            assertThat(usage.get("completion_tokens").asInt()).isEqualTo(t.answerTokens(ServeFixture.BEST));
        }
        assertThat(usage.get("prompt_tokens").asInt()).isNotEqualTo(TokenCount.of(question).tokens());
    }

    @Test
    void stoppingMidRoundAnswers503AndEndsStreamsAndTheRestartCreditsTheRefund() throws Exception {
        // SIGTERM mid-round: the chain refunds the unspent fee later; the ledger once never counted it back
        PoqSession payer = fx.f.newAccount();
        KeySigner signer = new KeySigner(ProtocolFixture.credentialsOf(payer.address()));
        Serving s = fx.serve("stopped", signer, ServeFixture.config(), SpendingLimits.defaults(), t -> { });
        String key = s.shownOnceKey();
        TokenAmount balance = balance(payer.address());
        BigInteger before = lastTask();
        // the silent family's miner never answers: both rounds are still running when the server stops
        CompletableFuture<HttpResponse<String>> whole = CompletableFuture.supplyAsync(() -> call(s, key,
                OpenAiEndpointTest.ask(ServeFixture.SILENT, "\"poq\":{\"k\":1,\"fee\":\"3\"}")));
        CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(() -> call(s, key,
                OpenAiEndpointTest.ask(ServeFixture.SILENT, "\"stream\":true,\"poq\":{\"k\":1,\"fee\":\"2\"}")));
        await("both tasks submitted", () -> lastTask().subtract(before).intValue() == 2);
        s.close();
        HttpResponse<String> w = whole.get();
        OpenAiEndpointTest.assertPlainError(w, 503, "server_stopping");
        String sse = stream.get().body();
        assertThat(sse).contains("\"code\":\"server_stopping\"").endsWith("data: [DONE]\n\n");

        // the rounds end on chain at their deadline (nobody answered): the refunds are paid back to the account.
        // The server may have stopped before it drew a task (the requester draws its own): it is drawn first
        PoqSession payerSession = fx.f.sessionFor(ProtocolFixture.credentialsOf(payer.address()));
        for (int id = 1; id <= 2; id++) {
            payerSession.awaitDraw(new TaskId(before.add(BigInteger.valueOf(id))));
        }
        fx.f.increaseTime(net().descriptor().params().commitWindowSeconds() + 5L);
        for (int id = 1; id <= 2; id++) {
            TaskId t = new TaskId(before.add(BigInteger.valueOf(id)));
            if (!net().task(t).isFinalized()) {
                payerSession.advance(t);
            }
        }
        Serving restarted = fx.serve("stopped", signer, ServeFixture.config(), SpendingLimits.defaults(), t -> { });
        assertThat(restarted.spentToday()).isEqualTo(balance.minus(balance(payer.address())));
        assertThat(restarted.spentToday()).isLessThan(TokenAmount.ofTokens(5));
    }

    @Test
    void aServerKilledBeforeItRecordedItsTaskIsSettledFromTheChainOnRestart() throws Exception {
        // SIGKILL between signing and recording the task id: the ledger holds a reservation without a task
        PoqSession payer = fx.f.newAccount();
        TokenAmount balance = balance(payer.address());
        try (Database db = Database.open(dir.resolve("killed.db"))) {
            SpendLedger dead = new SpendLedger(db, Clock.systemUTC(), SpendingLimits.defaults());
            dead.reserve(TokenAmount.ofTokens(4), net().blockNumber());
            TaskId id = payer.submitTask(new TaskRequest("What is the capital of France?", ServeFixture.FAMILY, ProtocolFixture.EVALUATOR, 3, 3, 64,
                    TokenAmount.ofTokens(4)));
            dead.close(); // the process is gone: its mark on the data folder is free
            await("the round finishes on chain", () -> net().task(id).isFinalized());
        }
        Serving s = fx.serve("killed", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        assertThat(s.spentToday()).isEqualTo(balance.minus(balance(payer.address())));
    }

    @Test
    void twoServersOnOneDataFolderShareOneDailyLimit() throws Exception {
        // attack: a second poq serve on the same data folder, to spend the day's limit twice
        PoqSession payer = fx.f.newAccount();
        KeySigner signer = new KeySigner(ProtocolFixture.credentialsOf(payer.address()));
        SpendingLimits limits = new SpendingLimits(TokenAmount.ofTokens(3), TokenAmount.ofTokens(5));
        Serving a = fx.serve("shared", signer, ServeFixture.config(), limits, t -> { });
        Serving b = fx.serve("shared", signer, ServeFixture.config(), limits, t -> { });
        String key = a.shownOnceKey();
        BigInteger before = lastTask();
        CompletableFuture<HttpResponse<String>> ra = CompletableFuture.supplyAsync(() -> call(a, key,
                OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"3\"}")));
        CompletableFuture<HttpResponse<String>> rb = CompletableFuture.supplyAsync(() -> call(b, key,
                OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"n\":1,\"poq\":{\"fee\":\"3\"}")));
        List<Integer> statuses = List.of(ra.get().statusCode(), rb.get().statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 429);
        assertThat(lastTask()).isEqualTo(before.add(BigInteger.ONE));
    }

    @Test
    void langChainAndTheVercelSdkWorkWithTheSettingsTheDocsName() throws Exception {
        PoqSession payer = fx.f.newAccount();
        Serving s = fx.serve("sdks", new KeySigner(ProtocolFixture.credentialsOf(payer.address())), ServeFixture.config(),
                SpendingLimits.defaults(), t -> { });
        BigInteger before = lastTask();
        JsonNode out = node("sdk-clients.mjs", env(s, s.shownOnceKey(), "sdks"));
        assertThat(out.at("/langchain_invoke/content").asText()).isEqualTo(ServeFixture.BEST);
        assertThat(out.at("/langchain_stream/content").asText()).isEqualTo(ServeFixture.BEST);
        assertThat(out.at("/langchain_stream/pieces").asInt()).isGreaterThan(1);
        assertThat(out.at("/langchain_tools/ok").asBoolean()).isFalse();
        assertThat(out.at("/langchain_tools/status").asInt()).as(out.toString()).isEqualTo(400);
        assertThat(out.at("/langchain_tools/message").asText()).contains("cannot call tools");
        assertThat(out.at("/vercel_generate/text").asText()).isEqualTo(ServeFixture.BEST);
        assertThat(out.at("/vercel_generate/finish").asText()).isEqualTo("stop");
        assertThat(out.at("/vercel_stream/text").asText()).isEqualTo(ServeFixture.BEST);
        assertThat(out.at("/vercel_default/ok").asBoolean()).isFalse();
        assertThat(out.at("/vercel_default/message").asText()).as(out.toString()).contains(".chat(");
        // four answers, four tasks: the tools request was refused before paying
        assertThat(lastTask()).isEqualTo(before.add(BigInteger.valueOf(4)));
    }

    static HttpResponse<String> call(Serving s, String key, String body) {
        try {
            return OpenAiEndpointTest.post(s, key, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
