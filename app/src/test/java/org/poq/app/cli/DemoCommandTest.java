package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.poq.app.demo.DemoModel;
import org.poq.core.AppPaths;
import org.poq.core.db.Database;
import org.poq.miner.catalog.CatalogPulls;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `poq demo`: the whole round offline, with the best catalog model already pulled. No real model may be
 * downloaded in a test, so the bundled tiny model is listed as a pulled "Llama 3.2 1B Instruct": the
 * choice and the load go through the real library, catalog pulls and engine (the fallback to the
 * bundled model is DemoModelChoiceTest's and every other demo test's).
 */
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
    void runsAWholeRoundThroughToTheRewardsOnThePulledCatalogModel() throws Exception {
        AppPaths paths = new AppPaths(home);
        ModelRecord pulled;
        try (Database db = Database.open(paths.database())) {
            Path bundled = DemoModel.install(paths);
            pulled = new ModelLibrary(db, paths.models(), ModelDownloader.withDefaults()).importFile(bundled);
            new CatalogPulls(db).record(new CatalogPulls.Pull("llama-3.2-1b-instruct", "Q4_K_M", pulled.id(),
                    "llama-3.2-1b-instruct", List.of(new CatalogPulls.PulledPart("llama-3.2-1b-instruct-q4_k_m.gguf",
                    pulled.id().hex(), pulled.sizeBytes(), "test")), Instant.now()));
        }
        CliRun run = CliRun.of("demo", "Name a primary colour.");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("loaded the demo model: Llama 3.2 1B Instruct Q4_K_M from the catalog "
                + "(llama-3.2-1b-instruct:Q4_K_M), on");
        assertThat(run.err()).contains("miner 3").contains("validator 5").contains("finalized: consensus computed, rewards paid");
        assertThat(run.out()).contains("Task #1: Name a primary colour.").contains("1. consensus").contains("2. consensus")
                .contains("3. consensus").contains("fee 10 POQ");
        assertThat(run.err()).doesNotContain("node error");
    }
}
