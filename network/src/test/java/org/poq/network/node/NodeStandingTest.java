package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.testing.Opened;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/**
 * What stops a running node from serving is told to its operator as a status line, once per change
 * (issue 28): a node whose stake went below the registry's minimum ("nodes never notice that they are
 * no longer registered"), and a chain reset with no contracts at the network file's addresses, which
 * was told only on the error channel, every 30 s.
 */
class NodeStandingTest {
    @TempDir
    Path dir;
    private final Opened open = new Opened();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    /** A miner node on {@code f}'s first miner account, resyncing every second, whose status lines land in {@code lines}. */
    private ParticipantService runningMiner(ProtocolFixture f, List<String> lines, List<String> errors) {
        ParticipationJournal journal = new ParticipationJournal(open.keep(Database.open(dir.resolve("node.db"))));
        Credentials c = ProtocolFixture.credentialsOf(f.miners().get(0).address());
        ParticipantService m = open.keep(ParticipantService.miner(f.network(), c, journal, ctx -> "an answer",
                new ParticipantService.Options(1, 100, ParticipantService.Checkpoints.NONE)));
        m.onStanding(lines::add);
        m.onError(e -> errors.add(String.valueOf(e.getMessage())));
        return m.start();
    }

    @Test
    void aMinerWhoseWholeStakeIsUnstakedSaysOnceThatItIsNoLongerDrawnTakesNoNewTaskAndSaysWhenItIsBack() throws Exception {
        ProtocolFixture f = open.keep(ProtocolFixture.start(2, 3));
        List<String> lines = new CopyOnWriteArrayList<>();
        ParticipantService m = runningMiner(f, lines, new CopyOnWriteArrayList<>());
        PoqSession mine = f.miners().get(0);
        Await.until("the node's first resyncs", Duration.ofSeconds(60), () -> m.cursor() > 0);
        assertThat(m.standing()).as("a registered node serves").isEmpty();

        mine.requestUnstake(ProtocolFixture.STAKE);
        Await.until("the node notices it is no longer drawn", Duration.ofSeconds(60), () -> m.standing().isPresent());
        assertThat(m.standing().orElseThrow())
                .contains("no longer drawn for tasks")
                .contains("its stake of 0 POQ is below the registry's minimum of")
                .contains("finishes the tasks it was already drawn into").contains("add stake or register again")
                .doesNotContain("null").doesNotContain("Exception");

        // a draw reads the weights of the epoch before a change: past two epochs the node is drawn for nothing
        f.chain().rpc("anvil_mine", "0x12");
        TaskId id = f.requester().submitTask(f.request(1, 3, TokenAmount.ofTokens(10)));
        Await.until("the task is drawn", Duration.ofSeconds(60), () -> !f.network().task(id).miners().isEmpty());
        assertThat(f.network().task(id).miners()).as("only the miner still staked is drawn")
                .containsExactly(f.miners().get(1).address());
        Thread.sleep(4_000); // several more resyncs (one a second): the line is not repeated
        assertThat(lines.stream().filter(l -> l.contains("no longer drawn"))).as("told once, not at every resync").hasSize(1);
        assertThat(new ParticipationJournal(open.keep(Database.open(dir.resolve("node.db")))).get(mine.address(), id))
                .as("no work and no record for a task it was not drawn into").isEmpty();

        mine.addStake(ProtocolFixture.STAKE);
        Await.until("the node says it is drawn again", Duration.ofSeconds(60), () -> m.standing().isEmpty());
        assertThat(lines.get(lines.size() - 1)).contains("registered and drawn for tasks again").contains("1,000 POQ");
    }

    @Test
    void aChainResetWithNoRedeployIsAStatusLineToldOnceAndItsEndIsToldWhenTheContractsAreBack() throws Exception {
        ProtocolFixture a = open.keep(ProtocolFixture.start(1, 0));
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        ParticipantService m = runningMiner(a, lines, errors);
        Await.until("the node's first resyncs", Duration.ofSeconds(60), () -> m.cursor() > 0);

        a.chain().rpc("anvil_reset");
        Await.until("the reset is the node's status", Duration.ofSeconds(60), () -> m.standing().isPresent());
        assertThat(m.standing().orElseThrow()).contains("the chain was reset")
                .contains("nothing is sent until the network file's contracts are on the chain again");
        Thread.sleep(4_000); // several more resyncs: the status is told once
        assertThat(lines.stream().filter(l -> l.contains("the chain was reset"))).as("told once").hasSize(1);
        assertThat(errors).as("a standing, not an error of a step").noneMatch(e -> e.contains("nothing is sent until"));

        open.keep(ProtocolFixture.on(() -> { }, a.anvil().rpcUrl(), 31337, 1, 0, ProtocolParams.defaults().withWindows(60, 60)));
        int told = lines.size();
        Await.until("the node says the contracts are back", Duration.ofSeconds(60), () -> lines.subList(told, lines.size())
                .stream().anyMatch(l -> l.contains("contracts are on the chain again")
                        || l.contains("the chain was reset or the contracts redeployed")));
        Await.until("nothing stops the node once the redeployed registry has it again", Duration.ofSeconds(60),
                () -> m.standing().isEmpty());
    }
}
