package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskState;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/**
 * The deadline-blind miner of the v1 review: its node never learned a task's deadlines, kept
 * generating after the answer deadline (and was slashed for absence while still at it), and after a
 * restart began a fresh generation of the expired task. These tests fail on v1's node (no deadline in
 * TaskContext, no watchdog, no deadline check before work or commit) and pass on v2's.
 */
class DeadlineAwareNodeTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3, ProtocolParams.defaults().withWindows(4, 4));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void generationThatOutlivesTheCommitDeadlineIsCancelledAndNeverCommitted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        MinerWork slow = ctx -> {
            assertThat(ctx.commitDeadline()).isNotEqualTo(java.time.Instant.MAX); // the node knows the deadline
            started.countDown();
            try {
                Thread.sleep(60_000); // a generation far longer than the 4 s window
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return "too late";
        };
        try (Database db = Database.open(dir.resolve("cancel.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            TaskId id;
            String miner;
            try (ParticipantService node = minerNode(f.miners().get(0).address(), journal, slow)) {
                id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(10)));
                TaskState t = f.network().task(id);
                miner = f.miners().get(0).address();
                if (!t.miners().contains(miner)) {
                    return; // all three miners are drawn with k = 3, so this cannot happen
                }
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                Await.until("the work is cancelled at the deadline", Duration.ofSeconds(15), interrupted::get);
                Await.until("the journal says why", Duration.ofSeconds(10), () -> journal.get(miner, id)
                        .map(p -> p.state() == ParticipationState.FAILED).orElse(false));
            }
            assertThat(journal.get(miner, id).orElseThrow().note()).contains("commit deadline");
            assertThat(f.network().slot(id, miner).committed()).as("nothing was committed late").isFalse();
            f.increaseTime(10);
            f.requester().advance(id);
        }
    }

    @Test
    void aRestartedNodeDoesNotStartWorkOnATaskWhoseCommitDeadlinePassed() throws Exception {
        String miner = f.miners().get(1).address();
        CountDownLatch started = new CountDownLatch(1);
        MinerWork crashing = ctx -> {
            started.countDown();
            Thread.sleep(60_000);
            return "never";
        };
        AtomicInteger generations = new AtomicInteger();
        MinerWork counting = ctx -> {
            generations.incrementAndGet();
            return "Paris.";
        };
        try (Database db = Database.open(dir.resolve("restart.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            TaskId id;
            try (ParticipantService first = minerNode(miner, journal, crashing)) {
                id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(10)));
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            } // the node goes down mid-generation, before anything reached the journal
            f.increaseTime(10); // the answer window has closed; nobody has called advance() yet
            try (ParticipantService second = minerNode(miner, journal, counting)) {
                Thread.sleep(3_000); // a few polls and resyncs
                assertThat(generations.get()).as("no fresh generation of the expired task").isZero();
            }
            f.requester().advance(id);
        }
    }

    @Test
    void aNodePricedAboveTheTaskIsNotDrawnForItSoNeverWorksOrIsPenalised() throws Exception {
        String miner = f.miners().get(2).address();
        f.miners().get(2).setMinPrice(TokenAmount.ofTokens(5));
        AtomicInteger generations = new AtomicInteger();
        try (Database db = Database.open(dir.resolve("price.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            TaskId id;
            try (ParticipantService node = minerNode(miner, journal, ctx -> {
                generations.incrementAndGet();
                return "Paris.";
            })) {
                id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(6))); // 1.4 POQ per miner
                Thread.sleep(2_000);
                assertThat(generations.get()).isZero();
            }
            // protocol v3: with only three miners and one priced out, nobody is drawn and the fee goes back
            assertThat(f.network().task(id).miners()).doesNotContain(miner);
            if (!f.network().task(id).isFinalized()) {
                f.increaseTime(10);
                f.requester().advance(id);
            }
            var events = f.network().events(f.network().task(id).drawBlock(), f.network().blockNumber());
            assertThat(events).noneMatch(e -> e instanceof org.poq.network.events.TaskEvent.Penalized p
                    && p.taskId().equals(id) && p.node().equalsIgnoreCase(miner));
        } finally {
            f.miners().get(2).setMinPrice(TokenAmount.ZERO);
        }
    }

    @Test
    void anAnswerLongerThanTheChainAllowsIsCutOnACharacterBoundary() {
        assertThat(ParticipantService.cut("abc", 10)).isEqualTo("abc");
        assertThat(ParticipantService.cut("aéé", 4)).isEqualTo("aé"); // é is two bytes: never half of one
        assertThat(ParticipantService.cut("x".repeat(100), 64)).hasSize(64);
    }

    private static ParticipantService minerNode(String address, ParticipationJournal journal, MinerWork work) {
        Credentials c = ProtocolFixture.credentialsOf(address);
        return ParticipantService.miner(f.network(), c, journal, work, ParticipantService.Options.defaults()).start();
    }
}
