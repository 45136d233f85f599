package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the endpoint adds to a round: request in to the task handed to the wallet (parsing, key, family
 * and eligibility reads, limits, the requester session's preview), and Finalized seen to the response
 * written (the evidence's one log query, choosing, JSON). The round between is the network's; it is
 * printed beside them as the natural peer. Run: see BENCHMARKS.md.
 */
@Tag("benchmark")
class ServeOverheadBenchmark {
    static final int WARMUP = 3;
    static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void overheadOfTheEndpointAgainstTheRound() throws Exception {
        List<Timings> timings = Collections.synchronizedList(new ArrayList<>());
        try (ServeFixture fx = new ServeFixture(dir)) {
            ServeFixture.Wallet w = fx.wallet("bench", Duration.ofHours(1));
            Serving s = fx.serve("bench", w.signer(), ServeFixture.config(),
                    new SpendingLimits(org.poq.core.TokenAmount.ofTokens(20), org.poq.core.TokenAmount.ofTokens(100_000)), timings::add);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer " + s.shownOnceKey())
                        .POST(HttpRequest.BodyPublishers.ofString(OpenAiEndpointTest.ask(ServeFixture.FAMILY, ""))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("Server-Timing")).isPresent();
            }
        }
        List<Timings> measured = timings.subList(WARMUP, timings.size());
        System.out.println("| step | median | p90 |");
        System.out.println("|---|---:|---:|");
        row("request in -> task handed to the wallet (endpoint)", measured, Timings::inMillis);
        row("sign + submit mined (chain)", measured, Timings::submitMillis);
        row("submitted -> Finalized seen (the round)", measured, Timings::roundMillis);
        row("Finalized seen -> response written (endpoint)", measured, Timings::outMillis);
        double in = median(measured, Timings::inMillis);
        double out = median(measured, Timings::outMillis);
        double round = median(measured, t -> t.submitMillis() + t.roundMillis());
        System.out.printf("endpoint overhead in + out = %.1f ms, %.1f%% of the round (%.0f ms)%n", in + out, 100 * (in + out) / round, round);
    }

    private static void row(String label, List<Timings> ts, ToDoubleFunction<Timings> f) {
        System.out.printf("| %s | %.1f ms | %.1f ms |%n", label, median(ts, f), pct(ts, f, 0.9));
    }

    private static double median(List<Timings> ts, ToDoubleFunction<Timings> f) {
        return pct(ts, f, 0.5);
    }

    private static double pct(List<Timings> ts, ToDoubleFunction<Timings> f, double p) {
        double[] v = ts.stream().mapToDouble(f).sorted().toArray();
        return v[Math.min(v.length - 1, (int) Math.floor(p * v.length))];
    }
}
