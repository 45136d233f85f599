package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.db.SettingsStore;
import org.poq.network.PoqSession;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/**
 * `poq serve` as a separate process, stopped the ways an operating system stops it: SIGTERM mid-round
 * answers the waiting request with a 503 and ends the open stream with an error event and [DONE];
 * SIGKILL mid-round answers nothing; either way the next start on the same data folder credits the
 * refunds the chain paid back, so the ledger equals the chain to the wei.
 */
class ServeProcessTest {
    @TempDir
    static Path dir;
    static ServeFixture fx;
    static Path descriptor;
    static Path keyFile;
    static PoqSession payer;
    static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fx = new ServeFixture(dir);
        descriptor = dir.resolve("network.json");
        fx.f.network().descriptor().write(descriptor);
        payer = fx.f.newAccount();
        keyFile = dir.resolve("payer.key");
        Files.writeString(keyFile, ProtocolFixture.credentialsOf(payer.address()).getEcKeyPair().getPrivateKey().toString(16));
    }

    @AfterAll
    static void stop() {
        started.forEach(Process::destroyForcibly);
        if (fx != null) {
            fx.close();
        }
    }

    /** A running `poq serve`: its process, base URL and the key it showed (only the first start shows one). */
    record Server(Process process, String baseUrl, String key) {
    }

    static Server serve(String knownKey) throws Exception {
        return serve(dir.resolve("home"), keyFile, 0, knownKey);
    }

    /** `poq serve` on the data folder {@code home}, paying with the key in {@code key}, on {@code port} (0: any free one). */
    static Server serve(Path home, Path key, int port, String knownKey) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                "-Dpoq.home=" + home, "org.poq.app.Main", "serve", "--network", descriptor.toString(),
                "--key-file", key.toString(), "--evaluator", ProtocolFixture.EVALUATOR.hex(), "--port", Integer.toString(port))
                .redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        String apiKey = knownKey;
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher u = Pattern.compile("Serving the OpenAI-compatible API at (\\S+)").matcher(line);
            Matcher k = Pattern.compile("API key \\(shown once; only its hash is kept\\): (poq-\\S+)").matcher(line);
            if (u.find()) {
                url = u.group(1);
            }
            if (k.find()) {
                apiKey = k.group(1);
            }
            if (line.contains("Ctrl-C stops")) {
                break;
            }
        }
        assertThat(url).as(seen.toString()).isNotNull();
        // keep reading its output so it never blocks on a full pipe
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return new Server(p, url, apiKey);
    }

    /** A new account with POQ, and a key file that `poq serve --key-file` pays from. */
    static Payer payer(String name) throws Exception {
        PoqSession account = fx.f.newAccount();
        Path file = dir.resolve(name + ".key");
        Files.writeString(file, ProtocolFixture.credentialsOf(account.address()).getEcKeyPair().getPrivateKey().toString(16));
        return new Payer(account.address(), file);
    }

    record Payer(String address, Path keyFile) {
    }

    static BigInteger lastTask() {
        TaskId id = fx.f.network().lastTaskId();
        return id == null ? BigInteger.ZERO : id.value();
    }

    static CompletableFuture<HttpResponse<String>> ask(Server s, String extra) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return OpenAiEndpointTest.HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(OpenAiEndpointTest.ask(ServeFixture.SILENT, extra)))
                        .header("Authorization", "Bearer " + s.key()).header("Content-Type", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                return null; // the killed server answers nothing
            }
        });
    }

    static void awaitTasks(BigInteger count) throws InterruptedException {
        for (int i = 0; i < 1_800 && lastTask().compareTo(count) < 0; i++) {
            Thread.sleep(100);
        }
        assertThat(lastTask()).isEqualTo(count);
    }

    @Test
    void anSdkRetryAfterAKillAndRestartAttachesToThePaidTaskAndASecondServerFollowsItToo() throws Exception {
        // attack on the integrator's money (by accident): the server dies mid-round and the openai SDK's
        // retries (same body, no idempotency key) reach the restarted process, which once paid again
        Path home = dir.resolve("restart-home");
        Payer p = payer("restart");
        Path key = p.keyFile();
        String payer = p.address();
        CountDownLatch gate = new CountDownLatch(1);
        fx.gatedMiner(GATED, gate);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        TokenAmount before = fx.f.network().poqBalance(payer);
        BigInteger first = lastTask();
        Server a = serve(home, key, port, null);
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", a.baseUrl(), "OPENAI_API_KEY", a.key(),
                "POQ_MODEL", GATED, "POQ_PART", "restart", "POQ_FEE", "2", "POQ_TIMEOUT_MS", "2000"));
        Process client = OpenAiEndpointTest.run(List.of("node", "src/test/scripts/openai-money.mjs"), env);
        CompletableFuture<String> clientOut = CompletableFuture.supplyAsync(() -> readAll(client));
        awaitTasks(first.add(BigInteger.ONE));
        a.process().destroyForcibly(); // SIGKILL, the task running on chain and the client retrying
        assertThat(a.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        Server b = serve(home, key, port, a.key());
        gate.countDown();
        JsonNode out = OpenAiEndpointTest.json(clientOut.get(5, TimeUnit.MINUTES)).get("restart");
        assertThat(out.get("ok").asBoolean()).as(out.toString()).isTrue();
        assertThat(out.get("content").asText()).isEqualTo(ServeFixture.BEST);
        TaskId paid = new TaskId(first.add(BigInteger.ONE));
        assertThat(out.get("task").asText()).isEqualTo(paid.value().toString());
        assertThat(lastTask()).as("one task for one question across the restart").isEqualTo(paid.value());

        // a second server on the same data folder, the same Idempotency-Key: it follows the first one's task
        String body = OpenAiEndpointTest.ask(GATED, "\"poq\":{\"k\":1,\"fee\":\"3\"}");
        CompletableFuture<HttpResponse<String>> viaB = post(b, body, "order-17");
        awaitTasks(first.add(BigInteger.TWO));
        Server c = serve(home, key, 0, a.key());
        HttpResponse<String> viaC = post(c, body, "order-17").get(5, TimeUnit.MINUTES);
        assertThat(viaC.statusCode()).as(viaC.body()).isEqualTo(200);
        assertThat(viaB.get(5, TimeUnit.MINUTES).statusCode()).isEqualTo(200);
        TaskId keyed = new TaskId(first.add(BigInteger.TWO));
        assertThat(OpenAiEndpointTest.json(viaC.body()).at("/poq/task_id").asText()).isEqualTo(keyed.value().toString());
        assertThat(lastTask()).as("one task for one key across two processes").isEqualTo(keyed.value());

        // the ledger holds both requests with their tasks, answered, and equals the chain to the wei once settled
        TokenAmount spentOnChain = before.minus(fx.f.network().poqBalance(payer));
        for (int i = 0; i < 1_800 && !ledgerSettled(home); i++) {
            Thread.sleep(100);
        }
        try (Database db = Database.open(home.resolve("poq.db"))) {
            Map<String, String[]> rows = db.query(conn -> {
                Map<String, String[]> m = new HashMap<>();
                try (var rs = conn.createStatement().executeQuery("SELECT claim, task_id, state FROM serve_requests")) {
                    while (rs.next()) {
                        m.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3)});
                    }
                }
                return m;
            });
            assertThat(rows.get("key:order-17")).containsExactly(keyed.value().toString(), "ANSWERED");
            assertThat(rows.values()).extracting(r -> r[0]).containsExactlyInAnyOrder(paid.value().toString(), keyed.value().toString());
            SettingsStore store = new SettingsStore(db);
            assertThat(store.withPrefix("serve.open.")).isEmpty();
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertThat(store.get("serve.spent." + today).map(w -> TokenAmount.ofWei(new BigInteger(w))).orElseThrow()).isEqualTo(spentOnChain);
        }
        for (Server s : List.of(b, c)) {
            s.process().destroy();
            assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    static final String GATED = "gated-family";

    static boolean ledgerSettled(Path home) {
        try (Database db = Database.open(home.resolve("poq.db"))) {
            return new SettingsStore(db).withPrefix("serve.open.").isEmpty();
        }
    }

    static String readAll(Process p) {
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(err).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<HttpResponse<String>> post(Server s, String body, String idempotencyKey) {
        return OpenAiEndpointTest.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Idempotency-Key", idempotencyKey)
                .header("Authorization", "Bearer " + s.key()).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sigtermAndSigkillMidRoundThenARestartCreditsEveryRefund() throws Exception {
        TokenAmount before = fx.f.network().poqBalance(payer.address());
        BigInteger first = lastTask();
        // the silent family's miner never answers: the rounds are running when the server is stopped
        Server a = serve(null);
        CompletableFuture<HttpResponse<String>> whole = ask(a, "\"poq\":{\"k\":1,\"fee\":\"3\"}");
        CompletableFuture<HttpResponse<String>> stream = ask(a, "\"stream\":true,\"poq\":{\"k\":1,\"fee\":\"2\"}");
        awaitTasks(first.add(BigInteger.TWO));
        a.process().destroy(); // SIGTERM
        assertThat(a.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        OpenAiEndpointTest.assertPlainError(whole.get(60, TimeUnit.SECONDS), 503, "server_stopping");
        assertThat(stream.get(60, TimeUnit.SECONDS).body()).contains("\"code\":\"server_stopping\"").endsWith("data: [DONE]\n\n");

        Server b = serve(a.key());
        ask(b, "\"poq\":{\"k\":1,\"fee\":\"4\"}");
        awaitTasks(first.add(BigInteger.valueOf(3)));
        b.process().destroyForcibly(); // SIGKILL
        assertThat(b.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        // the three rounds end at their deadline; the chain pays the refunds back to the account. The killed
        // server may have died before its task was drawn: anyone may draw it (protocol v3: each task on its own).
        Credentials c = ProtocolFixture.credentialsOf(payer.address());
        PoqSession session = fx.f.sessionFor(c);
        fx.f.mine(2);
        for (int i = 1; i <= 3; i++) {
            TaskId t = new TaskId(first.add(BigInteger.valueOf(i)));
            if (!fx.f.network().task(t).isDrawn()) session.draw(t);
        }
        for (int round = 0; round < 3; round++) {
            fx.f.increaseTime(fx.f.network().descriptor().params().commitWindowSeconds() + 5L);
            for (int i = 1; i <= 3; i++) {
                TaskId t = new TaskId(first.add(BigInteger.valueOf(i)));
                if (!fx.f.network().task(t).isFinalized()) {
                    session.advance(t);
                }
            }
        }
        for (int i = 1; i <= 3; i++) {
            assertThat(fx.f.network().task(new TaskId(first.add(BigInteger.valueOf(i)))).isFinalized()).isTrue();
        }
        TokenAmount spentOnChain = before.minus(fx.f.network().poqBalance(payer.address()));

        Server restarted = serve(a.key());
        try (Database db = Database.open(dir.resolve("home").resolve("poq.db"))) {
            SettingsStore store = new SettingsStore(db);
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertThat(store.get("serve.spent." + today).map(w -> TokenAmount.ofWei(new BigInteger(w))).orElse(TokenAmount.ZERO))
                    .isEqualTo(spentOnChain);
            assertThat(store.withPrefix("serve.open.")).isEmpty();
        }
        restarted.process().destroy();
        assertThat(restarted.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
