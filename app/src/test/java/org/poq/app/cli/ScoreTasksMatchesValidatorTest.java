package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.validator.ScoreInspection;
import org.poq.evaluator.validator.ValidatorService;
import org.poq.network.PoqSession;
import org.poq.network.TaskRequest;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;

/**
 * `poq score --tasks` prints exactly what a validator node commits: a real round on anvil with four
 * miners (two honest, one fluent-wrong, one lazy wrapper) and three validators on the default evaluator,
 * then the revealed answers as a tasks file through the CLI.
 */
class ScoreTasksMatchesValidatorTest {
    static final String PROMPT = "What is the capital of Australia?";
    static final String[] ANSWERS = {
        "The capital of Australia is Canberra, a planned city chosen as a compromise between Sydney and Melbourne.",
        "Canberra is Australia's capital; it was purpose-built and became the seat of government in 1927.",
        "The capital of Australia is Sydney, its largest and best-known city.",
        "Here is what you need to know about: What is the capital of Australia?"};

    @TempDir
    Path dir;

    @Test
    void scoreTasksEqualsWhatTheValidatorNodeCommitted() throws Exception {
        String previousHome = System.getProperty("poq.home");
        System.setProperty("poq.home", dir.resolve("home").toString());
        List<AutoCloseable> running = new ArrayList<>();
        try (ProtocolFixture f = ProtocolFixture.start(4, 0);
             Scorer scorer = Evaluators.openDefault(new AppPaths(dir.resolve("node-home")));
             Database db = Database.open(dir.resolve("nodes.db"))) {
            f.governor().addEvaluator(DefaultEvaluator.id(), "all-MiniLM-L6-v2");
            ParticipationJournal journal = new ParticipationJournal(db);
            for (int i = 0; i < ANSWERS.length; i++) {
                String answer = ANSWERS[i];
                running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(f.miners().get(i).address()),
                        journal, ctx -> answer, ParticipantService.Options.defaults()).start());
            }
            List<ValidatorService> validators = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                PoqSession account = f.newAccount();
                ValidatorService v = ValidatorService.start(f.network(), ProtocolFixture.credentialsOf(account.address()), db, scorer,
                        ValidatorService.Config.of(TokenAmount.ofTokens(500)));
                validators.add(v);
                running.add(v);
            }
            TaskId id = f.requester().submitTask(new TaskRequest(PROMPT, ProtocolFixture.FAMILY, DefaultEvaluator.id(), 4, 3, 64,
                    TokenAmount.ofTokens(100)));
            Await.until("the task is finalized", Duration.ofSeconds(90), () -> f.network().task(id).isFinalized());

            ScoreInspection inspection = validators.get(0).inspect(id);
            StringBuilder tsv = new StringBuilder();
            for (String a : inspection.answers()) {
                tsv.append(PROMPT).append('\t').append(a).append('\n');
            }
            Path file = dir.resolve("task.tsv");
            Files.writeString(file, tsv, StandardCharsets.UTF_8);
            CliRun run = CliRun.of("score", "--tasks", file.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<Integer> printed = run.out().lines().map(Integer::parseInt).toList();

            assertThat(inspection.scoresByValidator()).hasSize(3);
            inspection.scoresByValidator().values().forEach(committed -> assertThat(committed).isEqualTo(printed));
            // And it is not just relevance: --pairs scores each answer alone and differs where answers agree.
            CliRun pairs = CliRun.of("score", "--pairs", file.toString());
            List<Integer> alone = pairs.out().lines().map(Integer::parseInt).toList();
            assertThat(alone).isNotEqualTo(printed);
            int lazy = inspection.answers().indexOf(ANSWERS[3]);
            assertThat(printed.get(lazy)).as("the wrapper, below the quality floor").isLessThan(3000);
            assertThat(printed.get(inspection.answers().indexOf(ANSWERS[0]))).isGreaterThan(3000);
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            if (previousHome == null) {
                System.clearProperty("poq.home");
            } else {
                System.setProperty("poq.home", previousHome);
            }
        }
    }
}
