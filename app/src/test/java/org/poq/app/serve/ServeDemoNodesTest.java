package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.demo.DemoModel;
import org.poq.app.demo.DemoNodes;
import org.poq.core.AppPaths;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.devnet.LocalDevnet;

/**
 * The endpoint on the real local devnet, answered by its demo nodes: three miners on the bundled demo
 * model through llama.cpp and three validators on the bundled evaluator through ONNX Runtime. The demo
 * model has random weights, so its answers are noise and normally score below the quality floor; the
 * test asserts what the consensus decides either way: an answer at or above the floor comes back as
 * the completion, none comes back as the below-floor error with the refund, and the evidence matches
 * the chain in both cases.
 */
class ServeDemoNodesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void demoNodesAnswerAWholeAndAStreamedCompletionOnTheLocalDevnet() throws Exception {
        AppPaths paths = new AppPaths(dir.resolve("home"));
        LocalDevnet devnet = new LocalDevnet(paths, List.of(LocalDevnet.evaluator(DefaultEvaluator.id(), "all-MiniLM-L6-v2")));
        try (PoqNetwork net = PoqNetwork.connect(devnet.start());
             Database db = Database.open(paths.database());
             DemoNodes nodes = DemoNodes.start(net, paths, db, new DemoNodes.Plan(DemoModel.FAMILY, 3, 3, 10), line -> { });
             Serving s = Serving.start(net, new KeySigner(LocalAccounts.account(1)), db,
                     new ServeConfig(0, Optional.empty(), 3, 3, TokenAmount.ofTokens(10), 16, DefaultEvaluator.id(), Duration.ofMinutes(5)),
                     SpendingLimits.defaults(), false, t -> { })) {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"model\":\"" + DemoModel.FAMILY + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]";
            HttpResponse<String> whole = http.send(request(s, body + "}"), HttpResponse.BodyHandlers.ofString());
            JsonNode w = JSON.readTree(whole.body());
            assertOutcome(net, whole.statusCode(), w, w.at("/choices/0/message/content").asText(null));

            HttpResponse<String> streamed = http.send(request(s, body + ",\"stream\":true}"), HttpResponse.BodyHandlers.ofString());
            assertThat(streamed.statusCode()).isEqualTo(200);
            String sse = streamed.body();
            assertThat(sse).contains(": poq phase=signing").contains("phase=score_reveal").endsWith("data: [DONE]\n\n");
            StringBuilder text = new StringBuilder();
            JsonNode last = null;
            for (String line : sse.split("\n")) {
                if (line.startsWith("data: {")) {
                    last = JSON.readTree(line.substring(6));
                    text.append(last.at("/choices/0/delta/content").asText(""));
                }
            }
            assertOutcome(net, last.has("error") ? 422 : 200, last, last.has("error") ? null : text.toString());
        } finally {
            devnet.stop();
        }
    }

    private static HttpRequest request(Serving s, String body) {
        return HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions")).header("Authorization", "Bearer " + s.shownOnceKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** What the consensus decided, checked on chain: the best answer if it reached the floor, else the refund. */
    private static void assertOutcome(PoqNetwork net, int status, JsonNode response, String content) {
        JsonNode poq = response.get("poq");
        assertThat(poq).as(response.toString()).isNotNull();
        TaskId id = new TaskId(new BigInteger(poq.get("task_id").asText()));
        List<Integer> consensus = net.consensus(id);
        int best = consensus.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int floor = poq.get("quality_floor").asInt();
        assertThat(poq.get("answers")).hasSize(3);
        assertThat(poq.at("/answers/0/consensus_score").asInt()).isEqualTo(best);
        assertThat(poq.at("/answers/0/validator_scores").size()).isEqualTo(3);
        if (best >= floor) {
            assertThat(status).isEqualTo(200);
            assertThat(content).isNotBlank();
        } else {
            assertThat(status).isEqualTo(422);
            assertThat(response.at("/error/code").asText()).isEqualTo("below_quality_floor");
            assertThat(TokenAmount.parse(poq.get("refund").asText()).isZero()).isFalse();
            assertThat(response.at("/error/message").asText()).contains("refunded");
        }
    }
}
