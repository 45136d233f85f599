package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `poq simulate` on a tiny grid: it plays real rounds on anvil and writes the table and the chart. */
class SimulateCommandTest {
    @TempDir
    Path home;

    @BeforeEach
    void useTempHome() {
        System.setProperty("poq.home", home.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("poq.home");
    }

    @Test
    void writesResultsAndChartForTheGivenGrid() throws Exception {
        Path out = home.resolve("sim");
        CliRun run = CliRun.of("simulate", "--out", out.toString(), "--rounds", "2", "--m", "5", "--shares", "0,40",
                "--attacks", "dust", "--attack-rounds", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("simulating 2 configurations x 2 rounds").contains("m=5, 40% malicious (2 of 5): 2 rounds");
        String md = Files.readString(out.resolve("results.md"));
        assertThat(md).contains("| m=5, 0% malicious (0 of 5) |").contains("| m=5, 40% malicious (2 of 5) |")
                .contains("random scorer").contains("colluding").doesNotContain("does NOT");
        assertThat(run.out()).contains("## Miners").contains("wrote " + out.resolve("results.md"));
        assertThat(Files.readString(out.resolve("chart.svg"))).startsWith("<svg").contains("m=5");
        assertThat(run.err()).contains("playing 1 attacks x 1 rounds").contains("dust griefer, v2: honest");
        assertThat(Files.readString(out.resolve("attacks.md"))).contains("| dust griefer | v2 |")
                .contains("| dust griefer | v2 without the defence (v1's rule) |");
    }

    @Test
    void rejectsAnUnknownAttackOrRoundsOutOfRangeWithExitCodeTwo() {
        CliRun unknown = CliRun.of("simulate", "--out", home.resolve("x").toString(), "--attacks", "dust,sybil");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown attack 'sybil': choose all, none, or any of self-dealing, dust, "
                + "trust-farmer, whitewasher, deadline-blind").doesNotContain("Exception");
        CliRun rounds = CliRun.of("simulate", "--out", home.resolve("x").toString(), "--attack-rounds", "0");
        assertThat(rounds.exitCode()).isEqualTo(2);
        assertThat(rounds.err()).contains("--attack-rounds must be in 1..100 (got 0)");
        CliRun grid = CliRun.of("simulate", "--out", home.resolve("x").toString(), "--rounds", "-3");
        assertThat(grid.exitCode()).isEqualTo(2);
        assertThat(grid.err()).contains("--rounds must be in 1..1000 (got -3)");
        CliRun shares = CliRun.of("simulate", "--out", home.resolve("x").toString(), "--shares", "0,100");
        assertThat(shares.exitCode()).isEqualTo(2);
        assertThat(shares.err()).contains("--shares must be percentages in 0..99 (got 100)");
        assertThat(Files.exists(home.resolve("x"))).isFalse();
    }

    @Test
    void rejectsAnImpossibleGridWithExitCodeTwo() {
        CliRun run = CliRun.of("simulate", "--out", home.resolve("x").toString(), "--m", "16");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("m must be in 3..15");
        assertThat(Files.exists(home.resolve("x"))).isFalse();
    }
}
