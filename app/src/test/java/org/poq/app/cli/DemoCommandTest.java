package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `poq demo` on a fresh data folder: the whole round with the bundled model and evaluator, offline. */
class DemoCommandTest {
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
    void runsAWholeRoundThroughToTheRewards() {
        CliRun run = CliRun.of("demo", "Name a primary colour.");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("miner 3").contains("validator 5").contains("finalized: consensus computed, rewards paid");
        assertThat(run.out()).contains("Task #1: Name a primary colour.").contains("1. consensus").contains("2. consensus")
                .contains("3. consensus").contains("fee 10 POQ");
        assertThat(run.err()).doesNotContain("node error");
    }
}
