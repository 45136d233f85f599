package org.poq.network.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.node.MinerWork;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.ParticipationState;
import org.poq.network.node.ValidatorWork;
import org.poq.network.testing.ProtocolFixture;

/** A miner and a validator node run a real round on anvil; their metrics are scraped over HTTP like Prometheus does. */
class NodeMetricsEndpointTest {
    @TempDir
    Path dir;

    @Test
    void exposesTasksRewardsTokensAndScoresOfARealRound() throws Exception {
        List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
        MinerWork streaming = ctx -> {
            for (String piece : List.of("Paris", " is", " the", " capital", ".")) tokenListeners.forEach(l -> l.accept(piece));
            return "Paris is the capital.";
        };
        MinerWork quiet = ctx -> "Paris is the capital.";
        ValidatorWork score = ctx -> ctx.answers().stream().mapToInt(a -> a == null ? 0 : 8000).toArray();
        List<ParticipantService> nodes = new ArrayList<>();
        try (ProtocolFixture f = ProtocolFixture.start(3, 3); Database db = Database.open(dir.resolve("node.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            var options = ParticipantService.Options.defaults();
            for (var m : f.miners()) {
                MinerWork work = nodes.isEmpty() ? streaming : quiet; // only this node's engine streams to its metrics
                nodes.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(m.address()), journal, work, options));
            }
            for (var v : f.validators()) {
                nodes.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal, score, options));
            }
            // this node is the first miner and the first validator; the other services are the rest of the network
            NodeMetrics metrics = new NodeMetrics().watch(nodes.get(0)::onChange).watch(nodes.get(3)::onChange)
                    .watchTokens(tokenListeners::add);
            nodes.forEach(ParticipantService::start);
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, 0)) {
                TaskId id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(100)));
                for (ParticipantService n : List.of(nodes.get(0), nodes.get(3))) {
                    await(() -> journal.get(n.address(), id).map(p -> p.state() == ParticipationState.FINISHED).orElse(false));
                }
                BigInteger minerReward = journal.get(nodes.get(0).address(), id).orElseThrow().rewardWei();

                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("text/plain; version=0.0.4"));
                Map<String, Double> s = parse(r.body());
                for (String role : List.of("miner", "validator")) {
                    assertThat(s).containsEntry("poq_tasks_seen_total{role=\"" + role + "\"}", 1.0)
                            .containsEntry("poq_tasks_committed_total{role=\"" + role + "\"}", 1.0)
                            .containsEntry("poq_tasks_revealed_total{role=\"" + role + "\"}", 1.0)
                            .containsEntry("poq_tasks_finished_total{role=\"" + role + "\"}", 1.0)
                            .containsEntry("poq_tasks_failed_total{role=\"" + role + "\"}", 0.0)
                            .containsEntry("poq_commit_latency_seconds_count{role=\"" + role + "\"}", 1.0);
                }
                assertThat(s.get("poq_rewards_poq_total{role=\"miner\"}"))
                        .isCloseTo(new java.math.BigDecimal(minerReward).movePointLeft(18).doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(s.get("poq_rewards_poq_total{role=\"validator\"}")).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(s).containsEntry("poq_slashes_poq_total{role=\"miner\"}", 0.0)
                        .containsEntry("poq_scores_given_count{role=\"validator\"}", 3.0)
                        .containsEntry("poq_tokens_generated_total", 5.0)
                        .containsEntry("poq_generations_total", 1.0);
                assertThat(s.get("poq_scores_given_sum{role=\"validator\"}")).isCloseTo(2.4, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(s.get("poq_tokens_per_second")).isPositive();
            }
        } finally {
            nodes.forEach(ParticipantService::close);
        }
    }

    private static Map<String, Double> parse(String body) {
        Map<String, Double> out = new HashMap<>();
        body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            int space = l.lastIndexOf(' ');
            out.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the node did not settle the task");
            Thread.sleep(50);
        }
    }
}
