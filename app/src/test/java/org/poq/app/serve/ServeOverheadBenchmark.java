package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.RequesterSession;
import org.poq.core.TokenAmount;
import org.poq.network.TaskRequest;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/**
 * What the endpoint adds to a round, in one run on one machine: the same question asked through
 * {@code poq serve} and as a bare round (the requester session's submit and following, which the
 * endpoint runs inside), one at a time (at rest) and 10 at once. Per request the endpoint's own work
 * is timed both ways (request in to the wallet signing; Finalized seen to the response written), and
 * the end-to-end medians are printed beside the bare round's, the natural peer. Run: see BENCHMARKS.md.
 */
@Tag("benchmark")
class ServeOverheadBenchmark {
    static final int WARMUP = 3;
    static final int AT_REST = 10;
    static final int CONCURRENT = 10;

    @TempDir
    Path dir;

    /** One request's end-to-end time and, for the endpoint, its own steps from the Server-Timing header. */
    record Sample(double totalMillis, Steps steps) {
    }

    /** The endpoint's way in and way out, in milliseconds. */
    record Steps(double in, double out) {
        static Steps parse(String serverTiming) {
            double in = -1;
            double out = -1;
            for (String part : serverTiming.split(",")) {
                String[] kv = part.strip().split(";dur=");
                if (kv[0].equals("poq-in")) {
                    in = Double.parseDouble(kv[1]);
                } else if (kv[0].equals("poq-out")) {
                    out = Double.parseDouble(kv[1]);
                }
            }
            return new Steps(in, out);
        }
    }

    @Test
    void overheadOfTheEndpointAgainstTheBareRound() throws Exception {
        try (ServeFixture fx = new ServeFixture(dir)) {
            Credentials payer = ProtocolFixture.credentialsOf(fx.f.newAccount().address());
            Serving s = fx.serve("bench", new KeySigner(payer), ServeFixture.config(),
                    new SpendingLimits(TokenAmount.ofTokens(20), TokenAmount.ofTokens(100_000)), t -> { });
            HttpClient http = HttpClient.newHttpClient();
            RequesterSession session = new RequesterSession(fx.f.network());
            Callable<Sample> viaEndpoint = () -> endpoint(http, s);
            Callable<Sample> bare = () -> bareRound(session, payer);
            for (int i = 0; i < WARMUP; i++) {
                viaEndpoint.call();
                bare.call();
            }
            List<Sample> restEndpoint = new ArrayList<>();
            List<Sample> restBare = new ArrayList<>();
            for (int i = 0; i < AT_REST; i++) {
                restEndpoint.add(viaEndpoint.call());
                restBare.add(bare.call());
            }
            List<Sample> loadEndpoint = concurrently(viaEndpoint);
            List<Sample> loadBare = concurrently(bare);
            System.out.println("| load | endpoint in (median / p90) | endpoint out (median / p90) | end to end via the endpoint | bare round | difference |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            row("one at a time", restEndpoint, restBare);
            row(CONCURRENT + " at once", loadEndpoint, loadBare);
        }
    }

    private static Sample endpoint(HttpClient http, Serving s) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + key(s))
                .POST(HttpRequest.BodyPublishers.ofString(OpenAiEndpointTest.ask(ServeFixture.FAMILY, "\"poq\":{\"fee\":\"2\"},\"user\":\""
                        + System.nanoTime() + "\""))).build(), HttpResponse.BodyHandlers.ofString());
        double total = (System.nanoTime() - start) / 1e6;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new Sample(total, Steps.parse(r.headers().firstValue("Server-Timing").orElseThrow()));
    }

    private static String key;

    private static synchronized String key(Serving s) {
        if (key == null) {
            key = s.shownOnceKey();
        }
        return key;
    }

    private static Sample bareRound(RequesterSession session, Credentials payer) throws Exception {
        long start = System.nanoTime();
        TaskRequest r = new TaskRequest("What is the capital of France?", ServeFixture.FAMILY, ProtocolFixture.EVALUATOR, 3, 3, 64,
                TokenAmount.ofTokens(2));
        try (FollowedTask task = session.submit(payer, r, v -> { })) {
            // the endpoint's evidence comes from the events the tracker already read: no log query here either
            assertThat(task.awaitFinalized(Duration.ofMinutes(5))).isNotNull();
        }
        return new Sample((System.nanoTime() - start) / 1e6, null);
    }

    private static List<Sample> concurrently(Callable<Sample> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<Sample>> fs = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                fs.add(pool.submit(call));
            }
            List<Sample> out = new ArrayList<>();
            for (Future<Sample> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void row(String label, List<Sample> endpoint, List<Sample> bare) {
        List<Steps> ts = endpoint.stream().map(Sample::steps).toList();
        double e2e = pct(endpoint, Sample::totalMillis, 0.5);
        double b = pct(bare, Sample::totalMillis, 0.5);
        System.out.printf("| %s | %.1f / %.1f ms | %.1f / %.1f ms | %.0f ms | %.0f ms | %+.0f ms |%n", label,
                pct(ts, Steps::in, 0.5), pct(ts, Steps::in, 0.9),
                pct(ts, Steps::out, 0.5), pct(ts, Steps::out, 0.9), e2e, b, e2e - b);
    }

    private static <T> double pct(List<T> xs, ToDoubleFunction<T> f, double p) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        return v[Math.min(v.length - 1, (int) Math.floor(p * v.length))];
    }
}
