package org.poq.network.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.PoqSession;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.ValidatorWork;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Issue 22, withholding the draw on a market that draws from drand's beacon (decision 0045): the requester's
 * session posts its task's round and draws, so before this change a requester that went away after submit left
 * its task to expire, fee burned, and the nodes it would have paid unpaid. Now the miner and validator nodes of
 * the task's groups watch submissions and step in for a task still undrawn after their grace: one posts the
 * round (fetched from drand's HTTP API, here a server on 127.0.0.1 serving recorded beacons) and draws, and the
 * round runs to the end, paying the nodes the fee and burning nothing. The requester sends no transaction after
 * its submit. Fails before this change (nobody draws; the task expires when its window closes, fee burned).
 */
class LeftTaskDrawTest {
    private static final TokenAmount FEE = TokenAmount.ofTokens(10);
    private static final String ANSWER = "Paris is the capital of France.";

    @TempDir
    Path dir;

    @Test
    void theTasksNodesPostTheBeaconRoundAndDrawATaskWhoseRequesterWentAway() throws Exception {
        List<ParticipantService> nodes = new ArrayList<>();
        try (ProtocolFixture f = BeaconDrawTest.beaconFixture(); BeaconDrawTest.Relay relay = new BeaconDrawTest.Relay(false);
             Database db = Database.open(dir.resolve("nodes.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            var options = ParticipantService.Options.defaults().withLeftTasks(Duration.ofSeconds(2), List.of(relay.url()));
            for (PoqSession m : f.miners()) {
                nodes.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(m.address()), journal,
                        task -> ANSWER, options).start());
            }
            ValidatorWork score = ctx -> ctx.answers().stream().mapToInt(a -> a == null ? 0 : 9_000).toArray();
            for (PoqSession v : f.validators()) {
                nodes.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                        score, options).start());
            }
            String requester = f.requester().address();
            TokenAmount balanceBefore = f.network().poqBalance(requester);
            TokenAmount burnedBefore = f.burned();
            long from = f.network().blockNumber() + 1;
            f.chain().rpc("evm_setNextBlockTimestamp", BigInteger.valueOf(BeaconDrawTest.submitTime()));
            TaskId id = f.requester().submitTaskUndrawn(f.request(3, 5, FEE));
            BigInteger sentBySubmit = nonce(f, requester);
            // the requester goes away: its session sends nothing more, posts no round and draws nothing

            Await.until("the task is drawn by its nodes", Duration.ofSeconds(180), () -> f.network().task(id).isDrawn());
            // The recorded round is of 2025, and so is this chain's clock: a node refuses a commit whose deadline its
            // own clock says has passed, so from here the drawn nodes' keys play the round (what a node would send).
            nodes.forEach(ParticipantService::close);
            TaskState drawn = f.network().task(id);
            for (String m : drawn.miners()) f.commitAnswer(id, m, ANSWER);
            for (String m : drawn.miners()) f.revealAnswer(id, m, ANSWER);
            for (String v : drawn.validators()) f.commitScores(id, v, new int[] {9_000, 9_000, 9_000});
            for (String v : drawn.validators()) f.revealScores(id, v, new int[] {9_000, 9_000, 9_000});
            assertThat(f.network().task(id).isFinalized()).isTrue();

            assertThat(relay.asked).as("a node fetched the task's round from the relay").contains(BeaconDrawTest.ROUND);
            TaskState t = f.network().task(id);
            assertThat(t.miners()).hasSize(3);
            assertThat(t.validators()).hasSize(5);
            assertThat(nonce(f, requester)).as("the requester sent nothing after its submit").isEqualTo(sentBySubmit);
            List<TaskEvent> events = f.network().events(from, f.network().blockNumber()).stream()
                    .filter(e -> e.taskId().equals(id)).toList();
            assertThat(events).noneMatch(e -> e instanceof TaskEvent.Expired);
            assertThat(events).noneMatch(e -> e instanceof TaskEvent.Penalized);
            TaskEvent.Finalized fin = events.stream().filter(TaskEvent.Finalized.class::isInstance)
                    .map(TaskEvent.Finalized.class::cast).findFirst().orElseThrow();
            for (String node : concat(t.miners(), t.validators())) {
                assertThat(events).as("%s is paid", node).anyMatch(e -> e instanceof TaskEvent.Rewarded r
                        && r.node().equalsIgnoreCase(node) && r.amount().compareTo(TokenAmount.ZERO) > 0);
            }
            assertThat(fin.minerRewards().plus(fin.validatorRewards()).plus(fin.refund())).isEqualTo(FEE);
            assertThat(f.burned()).as("nothing was burned: the fee went to the nodes").isEqualTo(burnedBefore);
            assertThat(f.network().poqBalance(requester)).as("the requester paid the fee less its refund")
                    .isEqualTo(balanceBefore.minus(FEE).plus(fin.refund()));
        } finally {
            nodes.forEach(ParticipantService::close);
        }
    }

    private static BigInteger nonce(ProtocolFixture f, String address) throws Exception {
        return f.chain().web3j().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
