package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.PoqNetwork;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.RpcFaultProxy;

/**
 * A public RPC endpoint whose log queries, just as a node reads a task it was drawn for (the prompt
 * from the submission log), go to an indexer far behind the head, for longer than the node waits for
 * a lagging backend. Before, the node recorded the task as failed ("work
 * failed: the node has not reached block ... yet") and never committed: a slow backend cost the whole
 * task and an absence penalty. The node now starts the work again while the commit deadline allows.
 */
class ChainOutageWhileWorkingTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aBackendLaggingWhileTheNodeReadsATaskDelaysTheWorkButDoesNotLoseIt() throws Exception {
        String miner = f.miners().get(0).address();
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (RpcFaultProxy proxy = RpcFaultProxy.inFrontOf(f.anvil().rpcUrl());
                PoqNetwork net = PoqNetwork.connect(f.network().descriptor().withRpcUrls(List.of(proxy.url())));
                Database db = Database.open(dir.resolve("outage.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            journal.saveCursor(miner, f.network().blockNumber() + 1);
            ParticipantService.Checkpoints lag = point -> {
                if (point.equals("before-reading-the-task") && cut.compareAndSet(false, true)) {
                    // log queries now go to an indexer far behind the head, for longer than the node waits
                    // for a lagging backend to catch up (about 10 s); the chain's time and state stay fresh
                    proxy.laggingLogs(1_000);
                    later.schedule(() -> proxy.laggingLogs(0), 15, TimeUnit.SECONDS);
                }
            };
            var options = ParticipantService.Options.defaults().withCheckpoints(lag);
            try (ParticipantService node = ParticipantService.miner(net, ProtocolFixture.credentialsOf(miner), journal,
                    ParticipantServiceTest.ANSWER, options).start()) {
                TaskId id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(10)));
                Await.until("the backend fell behind while the task was read", Duration.ofSeconds(30), cut::get);
                Await.until("the answer is committed once the backend caught up", Duration.ofSeconds(60),
                        () -> f.network().slot(id, miner).committed());
                assertThat(journal.get(miner, id).orElseThrow().state()).isNotEqualTo(ParticipationState.FAILED);
            }
        } finally {
            later.shutdownNow();
        }
    }
}
