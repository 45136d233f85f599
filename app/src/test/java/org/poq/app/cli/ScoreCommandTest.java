package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.evaluator.DefaultEvaluator;

/** `poq score` in-process, with the real default evaluator and the tiny cross-encoder from resources/. */
class ScoreCommandTest {
    @TempDir
    static Path home;
    private static String previousHome;

    @BeforeAll
    static void useTempHome() {
        previousHome = System.getProperty("poq.home");
        System.setProperty("poq.home", home.toString());
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("poq.home");
        } else {
            System.setProperty("poq.home", previousHome);
        }
    }

    private static Path tinyCross() {
        return Path.of(System.getProperty("poq.repo.root", "..")).resolve("resources/evaluators/tiny-cross");
    }

    @Test
    void scoresOnePairWithTheDefaultEvaluator() {
        CliRun good = CliRun.of("score", "--prompt", "What is the capital of France?", "--answer", "The capital of France is Paris.");
        CliRun off = CliRun.of("score", "--prompt", "What is the capital of France?", "--answer", "Bananas are rich in potassium.");
        assertThat(good.exitCode()).as(good.err()).isZero();
        int g = Integer.parseInt(good.out().strip());
        int o = Integer.parseInt(off.out().strip());
        assertThat(g).isBetween(0, 10000).isGreaterThan(o);
        assertThat(Files.isDirectory(home.resolve("evaluators").resolve(DefaultEvaluator.id().hex()))).isTrue();
    }

    @Test
    void jsonCarriesTheEvaluatorIdAndGuardVerdict() throws Exception {
        CliRun run = CliRun.of("score", "--prompt", "What is the capital of France?", "--answer", "", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(run.out());
        assertThat(o.get("score").asInt()).isZero();
        assertThat(o.get("guard").asText()).isEqualTo("empty");
        assertThat(o.get("evaluator").asText()).isEqualTo(DefaultEvaluator.id().hex());
        assertThat(o.get("kind").asText()).isEqualTo("bi");
        assertThat(o.get("device").asText()).isEqualTo("CPU");
    }

    @Test
    void pairsFileGivesOneScorePerLineInOrderSameAsOneByOne() throws Exception {
        Path file = home.resolve("pairs.tsv");
        List<String[]> pairs = List.of(
                new String[] {"what is the capital of france", "paris is the capital"},
                new String[] {"what is the capital of france", "the weather is nice"},
                new String[] {"how do plants make food", "they use light water and air"},
                new String[] {"what is the capital of france", "line one\\nline two"});
        StringBuilder tsv = new StringBuilder();
        for (String[] p : pairs) {
            tsv.append(p[0]).append('\t').append(p[1]).append('\n');
        }
        Files.writeString(file, tsv, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("score", "--pairs", file.toString(), "--evaluator", tinyCross().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            String answer = pairs.get(i)[1].replace("\\n", "\n");
            CliRun one = CliRun.of("score", "--prompt", pairs.get(i)[0], "--answer", answer, "--evaluator", tinyCross().toString());
            assertThat(one.out().strip()).as("line %d", i + 1).isEqualTo(lines.get(i));
        }
    }

    @Test
    void badInputGetsAClearErrorAndAnExitCode() throws Exception {
        CliRun neither = CliRun.of("score");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give one of: --prompt and --answer, --pairs FILE, or --tasks FILE");

        CliRun both = CliRun.of("score", "--pairs", "a.tsv", "--tasks", "b.tsv");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give one of:");

        CliRun half = CliRun.of("score", "--prompt", "p");
        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("--prompt and --answer go together");

        Path noTab = home.resolve("notab.tsv");
        Files.writeString(noTab, "prompt\tanswer\njust a prompt\n");
        CliRun bad = CliRun.of("score", "--pairs", noTab.toString(), "--evaluator", tinyCross().toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("error: notab.tsv line 2: expected prompt<TAB>answer");

        Path latin1 = home.resolve("latin1.tsv");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\t', 'x', '\n'});
        CliRun notUtf8 = CliRun.of("score", "--pairs", latin1.toString(), "--evaluator", tinyCross().toString());
        assertThat(notUtf8.err()).contains("is not UTF-8");
        assertThat(notUtf8.exitCode()).isEqualTo(2);

        CliRun missing = CliRun.of("score", "--prompt", "p", "--answer", "a", "--evaluator", home.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("error: not an evaluator folder");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void tasksFileScoresEachRunOfOnePromptAsOneTaskInInputOrder() throws Exception {
        Path file = home.resolve("tasks.tsv");
        String p1 = "What is the capital of Australia?";
        String p2 = "What is the currency of Japan?";
        List<String[]> lines = List.of(
                new String[] {p1, "The capital of Australia is Canberra, a planned city."},
                new String[] {p1, "Canberra is Australia's capital, planned and opened in 1913."},
                new String[] {p1, "The capital of Australia is Sydney, its largest city."},
                new String[] {p2, "The currency of Japan is the yen."},
                new String[] {p2, "Japan uses the yen (JPY)."},
                new String[] {p1, "The capital of Australia is Sydney, its largest city."});
        StringBuilder tsv = new StringBuilder();
        for (String[] l : lines) {
            tsv.append(l[0]).append('\t').append(l[1]).append('\n');
        }
        Files.writeString(file, tsv, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("score", "--tasks", file.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String l : run.out().lines().toList()) {
            out.add(new ObjectMapper().readTree(l));
        }
        assertThat(out).hasSize(lines.size());
        // The agreeing honest answers got support and pass the isolated wrong one.
        assertThat(out.get(0).get("support").asInt()).isPositive();
        assertThat(out.get(0).get("score").asInt()).isGreaterThan(out.get(2).get("score").asInt());
        assertThat(out.get(0).get("score").asInt()).isGreaterThanOrEqualTo(out.get(0).get("relevance").asInt());
        // The last line is a new task of one (the prompt changed in between): nobody to agree with, so relevance alone.
        assertThat(out.get(5).get("support").asInt()).isZero();
        assertThat(out.get(5).get("score").asInt()).isEqualTo(out.get(5).get("relevance").asInt());
        assertThat(out.get(5).get("group").asInt()).isZero();
    }

    private static List<JsonNode> tasksJson(String name, List<String[]> lines, String... extra) throws Exception {
        Path file = home.resolve(name);
        StringBuilder tsv = new StringBuilder();
        for (String[] l : lines) {
            tsv.append(l[0]).append('\t').append(l[1]).append('\n');
        }
        Files.writeString(file, tsv, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("score", "--tasks", file.toString(), "--json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String l : run.out().lines().toList()) {
            out.add(new ObjectMapper().readTree(l));
        }
        assertThat(out).hasSize(lines.size());
        return out;
    }

    private static long share(List<JsonNode> out, int... answers) {
        long sum = 0;
        for (int a : answers) {
            sum += out.get(a).get("potShareMillionths").asLong();
        }
        return sum;
    }

    @Test
    void attackWrappedCopyCollusionIsPaidLessThanTheHonestAnswers() throws Exception {
        // Two colluders submit the same topic-word list, each padded differently with the prompt's own words
        // and function words (under the 80% word-set line): one copy group, isolated beside the agreeing honest answers.
        String p = "Which planet has the shortest year in our solar system?";
        String list = "orbit, Sun, planets, astronomy, Kepler, days, revolution, ellipse, period";
        List<JsonNode> out = tasksJson("collusion.tsv", List.of(
                new String[] {p, "Mercury has the shortest year: it orbits the Sun in about 88 Earth days."},
                new String[] {p, "It's Mercury, the innermost planet, which completes one revolution around the Sun in roughly 88 days."},
                new String[] {p, list + " which planet has the shortest the and of year in our solar system"},
                new String[] {p, "so the year in our solar system as it is: " + list + " and which planet has the shortest"}));
        assertThat(out.get(2).get("copies").asInt()).isEqualTo(2);
        assertThat(out.get(3).get("group").asInt()).isEqualTo(2);
        // The list shares "orbit", "Sun" and "days" with the honest answers, but without the prompt's words it is still
        // a bare word list that the prompt did not ask for and no answer repeats (decision 0047): isolated, paid nothing.
        assertThat(out.get(2).get("isolated").asBoolean()).isTrue();
        assertThat(out.get(2).get("score").asInt()).isLessThan(out.get(2).get("relevance").asInt());
        assertThat(share(out, 2, 3)).as("colluders' pot share").isZero();
        assertThat(share(out, 0, 1, 2, 3)).isBetween(999_990L, 1_000_000L);
        assertThat(out.get(0).get("paid").asBoolean()).isTrue();
    }

    @Test
    void attackOneAnswerUnderTwoIdentitiesTakesNoMoreThanOneAnswer() throws Exception {
        String p = "Which planet has the shortest year in our solar system?";
        String a = "Mercury has the shortest year: it orbits the Sun in about 88 Earth days.";
        List<JsonNode> out = tasksJson("identities.tsv", List.of(
                new String[] {p, a},
                new String[] {p, "so the year in our solar system as it is: " + a + " and which planet"},
                new String[] {p, "It's Mercury, the innermost planet, which completes one revolution around the Sun in roughly 88 days."}));
        assertThat(out.get(1).get("copies").asInt()).isEqualTo(2);
        // Two identities together weigh less than the one independent honest answer of similar quality.
        assertThat(share(out, 0, 1)).isLessThanOrEqualTo(550_000L);
        assertThat(share(out, 0, 1, 2)).isBetween(999_990L, 1_000_000L);
    }

    @Test
    void aQualityFloorOutOfRangeIsRefusedInPlainWords() throws Exception {
        Path file = home.resolve("floor.tsv");
        Files.writeString(file, "q\ta\n", StandardCharsets.UTF_8);
        CliRun run = CliRun.of("score", "--tasks", file.toString(), "--json", "--quality-floor", "12000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--quality-floor must be a whole number from 0 to 10000, got 12000").doesNotContain("Exception");
    }

    @Test
    void unescapesTsvFields() {
        assertThat(ScoreCommand.unescape("a\\tb\\nc\\\\d\\x")).isEqualTo("a\tb\nc\\d\\x");
    }
}
