package org.poq.evaluator.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.poq.core.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.evaluator.ExecutionInfo;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.ScoredAnswer;
import org.poq.evaluator.Scorer;
import org.poq.network.NodeRole;
import org.poq.network.PoqSession;
import org.poq.network.TaskRequest;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.ParticipationState;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/** Validator nodes with the real default evaluator (all-MiniLM-L6-v2 through ONNX Runtime) on anvil. */
class ValidatorServiceTest {
    static ProtocolFixture f;
    static Scorer scorer;
    static Sha256 evaluator;
    static final List<AutoCloseable> running = new ArrayList<>();
    static final String PROMPT = "What is the capital of France?";
    static final String[] ANSWERS = {
        "The capital of France is Paris, on the river Seine.",
        "Bananas are a good source of potassium and vitamin B6.",
        ""};
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        f = ProtocolFixture.start(3, 0);
        scorer = Evaluators.openDefault(new AppPaths(dir.resolve("home")));
        evaluator = DefaultEvaluator.id();
        assertThat(scorer.evaluator().id()).isEqualTo(evaluator);
        f.governor().addEvaluator(evaluator, "all-MiniLM-L6-v2");
        Database db = Database.open(dir.resolve("miners.db"));
        running.add(db);
        ParticipationJournal journal = new ParticipationJournal(db);
        for (int i = 0; i < 3; i++) {
            String answer = ANSWERS[i];
            running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(f.miners().get(i).address()),
                    journal, ctx -> answer, ParticipantService.Options.defaults()).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
        scorer.close();
        f.close();
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(60), condition);
    }

    private static int answerIndex(TaskId id, int minerSlot) {
        String miner = f.network().task(id).miners().get(minerSlot);
        for (int i = 0; i < 3; i++) {
            if (f.miners().get(i).address().equalsIgnoreCase(miner)) return i;
        }
        throw new IllegalStateException();
    }

    @Test
    void validatorsScoreWithTheRealEvaluatorAndAgree() {
        List<ValidatorService> validators = new ArrayList<>();
        List<PoqSession> accounts = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("validators.db"))) {
            for (int j = 0; j < 3; j++) {
                PoqSession account = f.newAccount();
                accounts.add(account);
                validators.add(ValidatorService.start(f.network(), ProtocolFixture.credentialsOf(account.address()), db, scorer,
                        ValidatorService.Config.of(TokenAmount.ofTokens(500))));
            }
            assertThat(f.network().node(accounts.get(0).address()).role()).isEqualTo(NodeRole.VALIDATOR);
            TaskId id = f.requester().submitTask(new TaskRequest(PROMPT, ProtocolFixture.FAMILY, evaluator, 3, 3, 64,
                    TokenAmount.ofTokens(100)));
            await("the task is finalized", () -> f.network().task(id).isFinalized());
            List<Integer> consensus = f.network().consensus(id);
            int good = -1;
            for (int slot = 0; slot < 3; slot++) {
                if (answerIndex(id, slot) == 0) good = slot;
            }
            for (int slot = 0; slot < 3; slot++) {
                if (slot != good) assertThat(consensus.get(good)).isGreaterThan(consensus.get(slot));
            }
            for (ValidatorService v : validators) {
                await("settled", () -> v.history().stream().anyMatch(p -> p.taskId().equals(id) && p.state() == ParticipationState.FINISHED));
                assertThat(v.history().get(0).rewardWei()).isPositive();
                ScoreInspection inspection = v.inspect(id);
                assertThat(inspection.ownDeviation()).as("the same evaluator gives the same integers everywhere").isZero();
                assertThat(inspection.scoresByValidator()).hasSize(3);
            }
        } finally {
            validators.forEach(ValidatorService::close);
            accounts.forEach(a -> a.requestUnstake(f.network().node(a.address()).stake()));
        }
    }

    @Test
    void aValidatorKilledBetweenCommitAndRevealRevealsAfterRestartAndNeverScoresTwice() {
        List<ValidatorService> others = new ArrayList<>();
        List<PoqSession> accounts = new ArrayList<>();
        CountingScorer counting = new CountingScorer(scorer);
        boolean[] crashed = {false};
        try (Database db = Database.open(dir.resolve("crash.db"))) {
            for (int j = 0; j < 3; j++) accounts.add(f.newAccount());
            Credentials victim = ProtocolFixture.credentialsOf(accounts.get(0).address());
            ValidatorService first = ValidatorService.start(f.network(), victim, db, counting,
                    ValidatorService.Config.of(TokenAmount.ofTokens(500)).withOptions(ParticipantService.Options.defaults()
                            .withCheckpoints(point -> {
                                if (point.equals("after-commit-recorded") && !crashed[0]) {
                                    crashed[0] = true;
                                    throw new IllegalStateException("simulated kill");
                                }
                            })));
            for (int j = 1; j < 3; j++) {
                others.add(ValidatorService.start(f.network(), ProtocolFixture.credentialsOf(accounts.get(j).address()), db, scorer,
                        ValidatorService.Config.of(TokenAmount.ofTokens(500))));
            }
            TaskId id = f.requester().submitTask(new TaskRequest(PROMPT, ProtocolFixture.FAMILY, evaluator, 3, 3, 64,
                    TokenAmount.ofTokens(100)));
            await("the kill", () -> crashed[0]);
            first.close();
            int scoredBefore = counting.calls.get();
            assertThat(scoredBefore).isEqualTo(1);
            try (ValidatorService restarted = ValidatorService.start(f.network(), victim, db, counting,
                    ValidatorService.Config.of(TokenAmount.ofTokens(500)))) {
                await("the task is finalized", () -> f.network().task(id).isFinalized());
                assertThat(f.network().slot(id, victim.getAddress()).revealed()).isTrue();
                assertThat(counting.calls.get()).as("scored once, before the kill").isEqualTo(scoredBefore);
            }
        } finally {
            others.forEach(ValidatorService::close);
            accounts.forEach(a -> a.requestUnstake(f.network().node(a.address()).stake()));
        }
    }

    @Test
    void anEvaluatorTheNetworkDoesNotKnowIsAClearError() throws Exception {
        try (Database db = Database.open(dir.resolve("unknown.db"));
             Scorer tiny = Evaluators.open(org.poq.core.testing.RepoRoot.get().resolve("resources/evaluators/tiny-cross"))) {
            PoqSession account = f.newAccount();
            assertThatThrownBy(() -> ValidatorService.start(f.network(), ProtocolFixture.credentialsOf(account.address()),
                    db, tiny, ValidatorService.Config.of(TokenAmount.ofTokens(500))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not know the evaluator");
            assertThat(f.network().node(account.address()).isRegistered()).as("nothing was staked").isFalse();
        }
    }

    /** Counts scoring calls, to prove a restarted node does not score a task again. */
    static class CountingScorer implements Scorer {
        final Scorer delegate;
        final AtomicInteger calls = new AtomicInteger();

        CountingScorer(Scorer delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<ScoredAnswer> scoreDetailed(String prompt, List<String> answers) {
            calls.incrementAndGet();
            return delegate.scoreDetailed(prompt, answers);
        }

        @Override
        public EvaluatorPackage evaluator() {
            return delegate.evaluator();
        }

        @Override
        public ExecutionInfo execution() {
            return delegate.execution();
        }

        @Override
        public void close() {
        }
    }
}
