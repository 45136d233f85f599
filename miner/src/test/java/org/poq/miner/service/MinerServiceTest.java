package org.poq.miner.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.poq.core.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.testmodels.ModelFiles;
import org.poq.network.NodeRole;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskEvent;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.ParticipationState;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/** The miner node with the real llama.cpp engine and a tiny model, on a real anvil chain. */
class MinerServiceTest {
    static ProtocolFixture f;
    static InferenceEngine engine;
    static LoadedModel model;
    static Sha256 modelId;
    static final List<AutoCloseable> running = new ArrayList<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        f = ProtocolFixture.start(2, 3);
        Path file = ModelFiles.tinyLlama3();
        modelId = Sha256.ofFile(file);
        engine = new InferenceEngine(EngineConfig.defaults());
        model = engine.load(ModelSpec.of(file).withContextSize(512).withThreads(2));
        Database db = Database.open(dir.resolve("helpers.db"));
        ParticipationJournal journal = new ParticipationJournal(db);
        for (PoqSession m : f.miners()) {
            running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(m.address()), journal,
                    ctx -> "A fixed answer from another miner.", ParticipantService.Options.defaults()).start());
        }
        for (PoqSession v : f.validators()) {
            running.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                    ctx -> ctx.answers().stream().mapToInt(a -> a == null ? 0 : 8000).toArray(),
                    ParticipantService.Options.defaults()).start());
        }
        running.add(db);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : running) c.close();
        engine.close();
        f.close();
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(90), condition);
    }

    @Test
    void registersAnswersWithTheModelAndKeepsAJobReceipt() {
        PoqSession account = f.newAccount();
        Credentials me = ProtocolFixture.credentialsOf(account.address());
        try (Database db = Database.open(dir.resolve("miner.db"));
             MinerService miner = MinerService.start(f.network(), me, db, engine, model,
                     MinerService.Config.of(ProtocolFixture.FAMILY, modelId, TokenAmount.ofTokens(500)))) {
            assertThat(f.network().node(me.getAddress()).role()).isEqualTo(NodeRole.MINER);
            assertThat(f.network().node(me.getAddress()).modelHash()).isEqualTo(modelId.bytes());
            List<String> streamed = new ArrayList<>();
            miner.onTokens(streamed::add);

            TaskId id = f.requester().submitTask(new org.poq.network.TaskRequest("Say hello.", ProtocolFixture.FAMILY,
                    ProtocolFixture.EVALUATOR, 3, 3, 16, TokenAmount.ofTokens(30)));
            await("the task is finalized", () -> f.network().task(id).isFinalized());
            await("the job is settled", () -> miner.jobs().stream().anyMatch(j -> j.taskId().equals(id)
                    && j.state() == ParticipationState.FINISHED));
            MinerJob job = miner.jobs().stream().filter(j -> j.taskId().equals(id)).findFirst().orElseThrow();
            assertThat(job.generatedTokens()).isBetween(1, 16);
            assertThat(job.tokensPerSecond()).isPositive();
            assertThat(job.qualityScore()).isEqualTo(8000);
            assertThat(job.rewardWei()).isPositive();
            assertThat(streamed).isNotEmpty();
            String revealed = f.network().events(f.network().task(id).submitBlock(), f.network().blockNumber()).stream()
                    .filter(e -> e instanceof org.poq.network.events.TaskEvent.AnswerRevealed a
                            && a.miner().equalsIgnoreCase(me.getAddress()))
                    .map(e -> ((org.poq.network.events.TaskEvent.AnswerRevealed) e).answer()).findFirst().orElseThrow();
            assertThat(String.join("", streamed).strip()).startsWith(revealed.strip().substring(0, Math.min(5, revealed.strip().length())));
        } finally {
            retire(account);
        }
    }

    /** Takes a test's miner out of the draw, so every test has exactly k = 3 eligible miners. */
    private static void retire(PoqSession account) {
        account.requestUnstake(f.network().node(account.address()).stake());
    }

    @Test
    void aRestartAfterACrashBetweenCommitAndRevealRevealsWithoutGeneratingAgain() {
        PoqSession account = f.newAccount();
        Credentials me = ProtocolFixture.credentialsOf(account.address());
        boolean[] crashed = {false};
        ParticipantService.Options crashing = ParticipantService.Options.defaults().withCheckpoints(point -> {
            if (point.equals("after-commit-sent") && !crashed[0]) {
                crashed[0] = true;
                throw new IllegalStateException("simulated crash");
            }
        });
        Path db1 = dir.resolve("crash.db");
        TaskId id;
        int generationsBefore;
        try (Database db = Database.open(db1);
             MinerService miner = MinerService.start(f.network(), me, db, engine, model,
                     MinerService.Config.of(ProtocolFixture.FAMILY, modelId, TokenAmount.ofTokens(500)).withOptions(crashing))) {
            id = f.requester().submitTask(new org.poq.network.TaskRequest("Count to three.", ProtocolFixture.FAMILY,
                    ProtocolFixture.EVALUATOR, 3, 3, 8, TokenAmount.ofTokens(30)));
            assertThat(f.network().task(id).miners()).as("k=3 of 3 eligible miners").anyMatch(me.getAddress()::equalsIgnoreCase);
            await("the crash", () -> crashed[0]);
            generationsBefore = miner.jobs().size();
        }
        TaskId task = id;
        try (Database db = Database.open(db1);
             MinerService restarted = MinerService.start(f.network(), me, db, engine, model,
                     MinerService.Config.of(ProtocolFixture.FAMILY, modelId, TokenAmount.ofTokens(500)))) {
            await("the task is finalized", () -> f.network().task(task).isFinalized());
            await("the job is settled", () -> restarted.jobs().stream().anyMatch(j -> j.taskId().equals(task)
                    && j.state() == ParticipationState.FINISHED));
            assertThat(f.network().slot(task, me.getAddress()).revealed()).isTrue();
            assertThat(restarted.jobs()).hasSize(generationsBefore);
        } finally {
            retire(account);
        }
    }

    /** The penalties the chain recorded against this node in a task (issue 26: a miner is never slashed by its own software). */
    private static List<TaskEvent.Penalized> penalties(TaskId id, String node) {
        return f.network().events(f.network().task(id).submitBlock(), f.network().blockNumber()).stream()
                .filter(e -> e instanceof TaskEvent.Penalized p && p.taskId().equals(id) && p.node().equalsIgnoreCase(node))
                .map(e -> (TaskEvent.Penalized) e).toList();
    }

    private static MinerService startMiner(Database db, Credentials me) {
        return MinerService.start(f.network(), me, db, engine, model,
                MinerService.Config.of(ProtocolFixture.FAMILY, modelId, TokenAmount.ofTokens(500)));
    }

    /** Issue 26: 2,000 tokens asked of a 512-token context; it used to fail at once and cost an absence penalty. */
    @Test
    void aTaskAskingForMoreTokensThanTheContextHoldsIsAnsweredWithinTheContextNotFailed() {
        PoqSession account = f.newAccount();
        Credentials me = ProtocolFixture.credentialsOf(account.address());
        try (Database db = Database.open(dir.resolve("context.db")); MinerService miner = startMiner(db, me)) {
            TaskId id = f.requester().submitTask(new org.poq.network.TaskRequest("Say hello.", ProtocolFixture.FAMILY,
                    ProtocolFixture.EVALUATOR, 3, 3, 2_000, TokenAmount.ofTokens(30)));
            await("the task is finalized", () -> f.network().task(id).isFinalized());
            assertThat(f.network().slot(id, me.getAddress()).revealed()).isTrue();
            assertThat(penalties(id, me.getAddress())).isEmpty();
            assertThat(miner.jobs()).anySatisfy(j -> {
                assertThat(j.taskId()).isEqualTo(id);
                assertThat(j.generatedTokens()).isBetween(1, 512);
            });
        } finally {
            retire(account);
        }
    }

    /** A prompt longer than the whole context: declined openly, with the reason, and not reported as a failure of the node. */
    @Test
    void aPromptThatLeavesNoRoomInTheContextIsDeclinedOpenly() {
        PoqSession account = f.newAccount();
        Credentials me = ProtocolFixture.credentialsOf(account.address());
        List<Participation> changes = new CopyOnWriteArrayList<>();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (Database db = Database.open(dir.resolve("declined.db")); MinerService miner = startMiner(db, me)) {
            miner.onChange(changes::add);
            miner.onError(errors::add);
            String longPrompt = "the quality of the answer ".repeat(200); // about 1,000 tokens, the context is 512
            TaskId id = f.requester().submitTask(new org.poq.network.TaskRequest(longPrompt, ProtocolFixture.FAMILY,
                    ProtocolFixture.EVALUATOR, 3, 3, 16, TokenAmount.ofTokens(30)));
            await("the task is declined", () -> changes.stream().anyMatch(p -> p.taskId().equals(id)
                    && p.state() == ParticipationState.FAILED));
            Participation declined = changes.stream().filter(p -> p.taskId().equals(id)
                    && p.state() == ParticipationState.FAILED).findFirst().orElseThrow();
            assertThat(declined.note()).startsWith("declined: the prompt leaves no room for an answer in this node's "
                    + "context").contains("the context 512");
            assertThat(errors).isEmpty();
            assertThat(miner.contextTokens()).as("what protocol v3's registration will declare").isEqualTo(512);
        } finally {
            retire(account);
        }
    }

    /** Issue 26: kill -9 of the worker mid-answer; the task used to fail and cost a slash with minutes still left. */
    @Test
    void aWorkerKilledMidAnswerIsRetriedAndTheAnswerCommitted() {
        PoqSession account = f.newAccount();
        Credentials me = ProtocolFixture.credentialsOf(account.address());
        AtomicBoolean killed = new AtomicBoolean();
        try (Database db = Database.open(dir.resolve("killed.db")); MinerService miner = startMiner(db, me)) {
            miner.onTokens(piece -> {
                if (killed.compareAndSet(false, true)) {
                    engine.workerPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                }
            });
            TaskId id = f.requester().submitTask(new org.poq.network.TaskRequest("Count to twenty.", ProtocolFixture.FAMILY,
                    ProtocolFixture.EVALUATOR, 3, 3, 200, TokenAmount.ofTokens(30)));
            await("the task is finalized", () -> f.network().task(id).isFinalized());
            assertThat(killed).isTrue();
            assertThat(f.network().slot(id, me.getAddress()).revealed()).isTrue();
            assertThat(penalties(id, me.getAddress())).isEmpty();
        } finally {
            retire(account);
        }
    }
}
