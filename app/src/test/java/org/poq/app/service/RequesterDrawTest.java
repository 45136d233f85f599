package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.app.gui.Await;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskState;
import org.poq.network.TaskView;
import org.poq.network.testing.ProtocolFixture;

/**
 * Every task gets drawn, or its requester learns where the fee went. Attack on the requester's money:
 * on a chain that mines only when a transaction comes (anvil here, Ganache and Hardhat with instant
 * mining alike), a task whose draw waits for a stranger's transaction expires after 256 blocks and
 * its fee is forfeited. The requester's own client draws it as soon as its target block exists.
 */
class RequesterDrawTest {
    static ProtocolFixture f;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 3);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void onAnInstantMiningChainTheRequestersClientDrawsItsTaskInTheBlockAfterTheTargetAndSaysSoMeanwhile() throws Exception {
        RequesterSession session = new RequesterSession(f.network());
        List<String> lines = new CopyOnWriteArrayList<>();
        try (FollowedTask task = session.submit(ProtocolFixture.credentialsOf(f.requester().address()),
                f.request(3, 3, TokenAmount.ofTokens(30)), new TaskListener() {
                    @Override
                    public void update(TaskView view) {
                        lines.add(TaskProgress.line(view));
                    }
                })) {
            // the id is known at once, before the draw: a stopped `poq ask` can say which task to follow
            assertThat(task.id()).isNotNull();
            Await.until("the task is drawn", () -> f.network().task(task.id()).isDrawn());
            TaskState t = f.network().task(task.id());
            assertThat(t.phase()).isEqualTo(TaskPhase.ANSWER_COMMIT);
            assertThat(t.drawBlock()).as("drawn in the first block that can know the target block's hash")
                    .isEqualTo(t.targetBlock() + 1);
            Await.until("the draw is shown", () -> task.latest() != null && task.latest().phase() == TaskPhase.ANSWER_COMMIT
                    && !task.latest().miners().isEmpty());
            assertThat(lines).as("every progress line says something").allSatisfy(l -> assertThat(l).isNotBlank());
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("waiting for block " + t.targetBlock()));
        }
    }

    @Test
    void aTaskNobodyDrewInItsDrawWindowIsReportedAsExpiredWithItsFeeBurned() throws Exception {
        TaskId id = f.requester().submitTaskUndrawn(f.request(3, 3, TokenAmount.ofTokens(30)));
        f.mine(300); // the requester walked away: the draw window (its epoch or the next) closed long ago
        RequesterSession session = new RequesterSession(f.network());
        try (FollowedTask task = session.follow(id, ProtocolFixture.credentialsOf(f.requester().address()), v -> { })) {
            TaskView done = task.awaitFinalized(Duration.ofSeconds(60));
            assertThat(done).as("following the task draws it, which expires it").isNotNull();
            assertThat(done.expired()).isTrue();
            assertThat(done.forfeited()).isEqualTo(TokenAmount.ofTokens(30));
            assertThat(TaskProgress.withDeadline(done, java.time.Instant.now()))
                    .contains("expired", "30 POQ", "was burned", "block " + done.targetBlock());
        }
    }
}
