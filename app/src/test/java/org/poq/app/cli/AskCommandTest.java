package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.db.Database;
import org.poq.network.events.Audit;
import org.poq.network.PoqSession;
import org.poq.network.node.AnswerAuditor;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;

/** `poq ask` against a real chain whose miners and validators are running nodes. */
class AskCommandTest {
    static ProtocolFixture f;
    static final List<AutoCloseable> running = new ArrayList<>();
    @TempDir
    static Path dir;
    static Path descriptor;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        f = ProtocolFixture.start(3, 5);
        Database db = Database.open(dir.resolve("nodes.db"));
        running.add(db);
        ParticipationJournal journal = new ParticipationJournal(db);
        String[] answers = {"Paris is the capital of France.", "It is Paris.", "Lyon."};
        for (int i = 0; i < 3; i++) {
            String a = answers[i];
            running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(f.miners().get(i).address()),
                    journal, ctx -> a, ParticipantService.Options.defaults()).start());
        }
        for (PoqSession v : f.validators()) {
            running.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                    ctx -> ctx.answers().stream().mapToInt(x -> x == null ? 0 : x.contains("Paris") ? (x.length() > 15 ? 9000 : 7000) : 2000).toArray(),
                    AUDIT, ParticipantService.Options.defaults()).start());
        }
        descriptor = dir.resolve("network.json");
        f.network().descriptor().write(descriptor);
        key = dir.resolve("requester.key");
        Files.writeString(key, ProtocolFixture.credentialsOf(f.requester().address()).getEcKeyPair().getPrivateKey().toString(16));
    }

    /** The validators' replay says "Lyon." is not what the family's model draws under its miner's seed. */
    static final AnswerAuditor AUDIT = ctx -> ctx.answers().stream().map(x -> x == null ? Audit.ABSTAIN
            : x.equals("Lyon.") ? new Audit(Audit.Verdict.FAIL, 2) : new Audit(Audit.Verdict.PASS, 0)).toList();

    @AfterAll
    static void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
        f.close();
    }

    private static String[] ask(String... extra) {
        List<String> args = new ArrayList<>(List.of("ask", "--network", descriptor.toString(), "--key-file", key.toString(),
                "--evaluator", ProtocolFixture.EVALUATOR.hex(), "-k", "3", "-m", "5", "--fee", "12.5"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void printsTheAnswersRankedByConsensusWithEveryValidatorsScore() {
        CliRun run = CliRun.of(ask("What is the capital of France?"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("3 miners and 5 validators selected").contains("finalized")
                .as("each phase's deadline is printed").contains("; deadline ");
        String out = run.out();
        assertThat(out.indexOf("1. consensus 9000/10000")).isLessThan(out.indexOf("2. consensus 7000/10000"));
        assertThat(out.indexOf("2. consensus 7000/10000")).as("the answer that failed its audit is paid as consensus 0")
                .isLessThan(out.indexOf("3. consensus 0/10000"));
        assertThat(out).contains("Paris is the capital of France.").contains("fee 12.5 POQ");
        assertThat(out.split("scores:")).hasSize(4);
    }

    @Test
    void jsonOutputHoldsTheWholeTask() {
        CliRun run = CliRun.of(ask("--json", "Capital of France?"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"phase\" : \"FINALIZED\"").contains("\"consensus\" : 9000").contains("\"refund\"");
    }

    /**
     * Issue 27, item 16: `poq ask` could sign only with --dev-account or --key-file. It signs from the
     * wallet now, the password read once (from the file here; from the terminal otherwise).
     */
    @Test
    void signsFromTheWalletWithThePasswordAskedOnce() throws Exception {
        Path home = dir.resolve("wallet-home");
        Files.createDirectories(home);
        Path phrase = Files.writeString(home.resolve("phrase.txt"), WalletCommandTest.PHRASE + "\n");
        Path pw = Files.writeString(home.resolve("pw.txt"), "cli wallet password\n");
        Path wallet = home.resolve("wallet.vault");
        CliRun restore = CliRun.of("wallet", "restore", "--light-kdf", "--wallet", wallet.toString(), "--phrase-file",
                phrase.toString(), "--password-file", pw.toString(), "--network", descriptor.toString(), "--no-discover");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        var governor = f.governor().address();
        var before = f.network().poqBalance(governor);
        CliRun run = CliRun.of("ask", "--network", descriptor.toString(), "--wallet", wallet.toString(), "--password-file",
                pw.toString(), "--from", "1", "--evaluator", ProtocolFixture.EVALUATOR.hex(), "-k", "3", "-m", "5", "--fee", "12.5",
                "--json", "Capital of France?");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // account 1 of the test phrase is anvil's account 0, the fixture's governor: it paid
        assertThat(run.out()).contains("\"phase\" : \"FINALIZED\"");
        assertThat(f.network().poqBalance(governor)).isLessThan(before);
        CliRun wrong = CliRun.of("ask", "--network", descriptor.toString(), "--wallet", wallet.toString(), "--password-file",
                Files.writeString(home.resolve("bad.txt"), "not the password\n").toString(), "--from", "1",
                "--evaluator", ProtocolFixture.EVALUATOR.hex(), "hi");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).containsIgnoringCase("wrong wallet password").doesNotContain("Exception");
    }

    @Test
    void badInputIsOneClearLine() {
        CliRun tooLong = CliRun.of(ask("x".repeat(9_000)));
        assertThat(tooLong.exitCode()).isNotZero();
        assertThat(tooLong.err()).contains("The prompt is too long: 9000 bytes, the network takes at most 8192").doesNotContain("at org.");
        CliRun badK = CliRun.of("ask", "--network", descriptor.toString(), "--key-file", key.toString(),
                "--evaluator", ProtocolFixture.EVALUATOR.hex(), "-k", "9", "hi");
        assertThat(badK.err()).contains("Ask between 1 and 8 miners.");
        CliRun noKey = CliRun.of("ask", "--network", descriptor.toString(), "hi");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("pass --key-file");
    }

    @Test
    void taskShowsAnyTaskByItsNumberAndRefusesABadOne() {
        CliRun asked = CliRun.of(ask("What is the capital of France?"));
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        var id = f.network().lastTaskId();
        CliRun shown = CliRun.of("task", "--network", descriptor.toString(), id.value().toString());
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("Task " + id + ": What is the capital of France?")
                .contains("1. consensus 9000/10000").contains("fee 12.5 POQ")
                .contains("audit: PASS, the model the task names draws this answer under its seed")
                .contains("audit: FAIL, the model the task names would not have drawn this answer")
                .contains("0 pass, 5 fail, 0 abstain of m = 5")
                .contains("Its miner earned nothing and was slashed (failed the audit")
                .as("no token ids were revealed by these miners").contains("no token ids revealed");
        assertThat(shown.out().toLowerCase()).as("the line says who was slashed and why")
                .contains("penalized " + f.miners().get(2).address().toLowerCase() + ": failed the audit");
        CliRun notANumber = CliRun.of("task", "--network", descriptor.toString(), "seven");
        assertThat(notANumber.exitCode()).isNotZero();
        assertThat(notANumber.err()).contains("a task id is a whole number from 1 up").doesNotContain("Exception");
        CliRun missing = CliRun.of("task", "--network", descriptor.toString(), "999");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no task #999 on this network").doesNotContain("Exception");
    }
}
