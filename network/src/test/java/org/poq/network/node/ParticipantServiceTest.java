package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.poq.core.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.NodeRole;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/** Miner and validator nodes running the whole round by themselves on anvil, and surviving crashes. */
class ParticipantServiceTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    Database db;
    ParticipationJournal journal;
    final List<ParticipantService> nodes = new ArrayList<>();

    static final MinerWork ANSWER = ctx -> "Paris is the capital of France.";
    static final ValidatorWork SCORE = ctx -> ctx.answers().stream()
            .mapToInt(a -> a == null ? 0 : a.contains("Paris") ? 9000 : 1500).toArray();

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 5);
    }

    @AfterAll
    static void stopChain() {
        f.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ParticipantService::close);
        db.close();
    }

    private void openJournal() {
        db = Database.open(dir.resolve("node.db"));
        journal = new ParticipationJournal(db);
    }

    private ParticipantService node(PoqSession s, NodeRole role, ParticipantService.Checkpoints checkpoints) {
        Credentials c = credentialsOf(s);
        var options = ParticipantService.Options.defaults().withCheckpoints(checkpoints);
        ParticipantService n = role == NodeRole.MINER
                ? ParticipantService.miner(f.network(), c, journal, ANSWER, options)
                : ParticipantService.validator(f.network(), c, journal, SCORE, options);
        nodes.add(n);
        return n.start();
    }

    private static Credentials credentialsOf(PoqSession s) {
        return ProtocolFixture.credentialsOf(s.address());
    }

    private void startAll(ParticipantService.Checkpoints forFirstMiner) {
        for (int i = 0; i < f.miners().size(); i++) {
            node(f.miners().get(i), NodeRole.MINER, i == 0 ? forFirstMiner : ParticipantService.Checkpoints.NONE);
        }
        f.validators().forEach(v -> node(v, NodeRole.VALIDATOR, ParticipantService.Checkpoints.NONE));
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(60), condition);
    }

    @Test
    void nodesRunAWholeRoundAndRecordTheirRewards() {
        openJournal();
        startAll(ParticipantService.Checkpoints.NONE);
        TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(100)));
        await("the task is finalized", () -> f.network().task(id).isFinalized());
        for (String miner : f.network().task(id).miners()) {
            await("miner settles", () -> journal.get(miner, id).map(p -> p.state() == ParticipationState.FINISHED).orElse(false));
            Participation p = journal.get(miner, id).orElseThrow();
            assertThat(p.consensus()).isEqualTo(9000);
            assertThat(p.rewardWei()).isPositive();
            assertThat(p.slashedWei()).isZero();
        }
        BigInteger paid = BigInteger.ZERO;
        for (String v : f.network().task(id).validators()) {
            await("validator settles", () -> journal.get(v, id).map(p -> p.state() == ParticipationState.FINISHED).orElse(false));
            paid = paid.add(journal.get(v, id).orElseThrow().rewardWei());
        }
        assertThat(paid).isEqualTo(TokenAmount.ofTokens(30).wei());
    }

    /**
     * Issue 28: "task #N: finished" was printed 14 to 17 times, once per later event of the task (each
     * Rewarded and Penalized event made the node settle it again and tell its listeners). Over two rounds
     * each record must be told once per change of state.
     */
    @Test
    void eachChangeOfARecordIsToldOnceOverTwoRounds() {
        openJournal();
        PoqSession watched = f.miners().get(0);
        List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());
        ParticipantService n = ParticipantService.miner(f.network(), credentialsOf(watched), journal, ANSWER,
                ParticipantService.Options.defaults());
        nodes.add(n);
        n.onChange(p -> told.add(p.taskId() + " " + p.state()));
        n.start();
        for (int i = 1; i < f.miners().size(); i++) {
            node(f.miners().get(i), NodeRole.MINER, ParticipantService.Checkpoints.NONE);
        }
        f.validators().forEach(v -> node(v, NodeRole.VALIDATOR, ParticipantService.Checkpoints.NONE));
        List<TaskId> ids = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(100)));
            ids.add(id);
            await("the watched miner settles round " + round, () -> journal.get(watched.address(), id)
                    .map(p -> p.state() == ParticipationState.FINISHED).orElse(false));
        }
        // every event of the first round came before the second round's submission, so all its repeats are in;
        // read a copy: the node's thread may still append the second round's (iterating the list itself races it)
        List<String> seen;
        synchronized (told) {
            seen = List.copyOf(told);
        }
        for (String state : List.of("PREPARED", "COMMITTED", "REVEALED", "FINISHED")) {
            assertThat(seen).as("what the node told of task " + ids.get(0)).containsOnlyOnce(ids.get(0) + " " + state);
        }
        assertThat(seen.stream().filter(t -> t.equals(ids.get(0) + " FINISHED")).count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"after-prepare", "after-commit-sent", "after-commit-recorded"})
    void aMinerThatCrashesBetweenCommitAndRevealRevealsAfterARestart(String crashPoint) {
        openJournal();
        boolean[] crashed = {false};
        startAll(point -> {
            if (point.equals(crashPoint) && !crashed[0]) {
                crashed[0] = true;
                throw new IllegalStateException("simulated crash at " + crashPoint);
            }
        });
        ParticipantService victim = nodes.get(0);
        TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(100)));
        boolean victimSelected = f.network().task(id).miners().stream().anyMatch(victim.address()::equalsIgnoreCase);
        assertThat(victimSelected).as("k=3 of 3 miners: everyone is selected").isTrue();
        await("the crash", () -> crashed[0]);
        victim.close();
        assertThat(f.network().task(id).phase()).as("the round waits for the crashed miner")
                .isIn(TaskPhase.ANSWER_COMMIT, TaskPhase.ANSWER_REVEAL);
        assertThat(journal.get(victim.address(), id)).as("payload and salt were on disk before the commit").isPresent();

        ParticipantService restarted = ParticipantService.miner(f.network(), credentialsOf(f.miners().get(0)), journal, ctx -> {
            throw new AssertionError("a restarted node must not redo the work");
        }, ParticipantService.Options.defaults());
        nodes.add(restarted);
        restarted.start();
        await("the task is finalized", () -> f.network().task(id).isFinalized());
        await("the restarted miner settles", () -> journal.get(victim.address(), id)
                .map(p -> p.state() == ParticipationState.FINISHED).orElse(false));
        assertThat(journal.get(victim.address(), id).orElseThrow().rewardWei()).isPositive();
        assertThat(f.network().slot(id, victim.address()).revealed()).isTrue();
    }
}
