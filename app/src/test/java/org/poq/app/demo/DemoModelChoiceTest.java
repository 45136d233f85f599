package org.poq.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.db.Database;
import org.poq.miner.catalog.CatalogPulls;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;

/** Which model the demo nodes run: the best pulled catalog model that fits, else the bundled tiny one. */
class DemoModelChoiceTest {
    private static final HardwareInfo LAPTOP = new HardwareInfo("test CPU", 4, 16L << 30, 8L << 30, List.of());
    private static final HardwareInfo TINY_BOX = new HardwareInfo("test CPU", 1, 1L << 20, 1L << 20, List.of());

    @TempDir
    Path home;

    @Test
    void withNothingPulledTheBundledModelRunsAndSaysSo() throws Exception {
        DemoModelChoice c = DemoModelChoice.choose(new AppPaths(home), 512, LAPTOP);
        assertThat(c.bundled()).isTrue();
        assertThat(c.file().getFileName().toString()).isEqualTo(DemoModel.FILE);
        assertThat(c.description()).startsWith("the bundled tiny model tiny-llama3-demo.gguf (random weights")
                .contains("poq models pull llama-3.2-1b-instruct");
    }

    @Test
    void aPulledCatalogModelIsPreferredInTheCatalogsDemoOrder() throws Exception {
        AppPaths paths = new AppPaths(home);
        ModelRecord model = pullAs(paths, "llama-3.1-8b-instruct", "Q4_K_M");
        DemoModelChoice c = DemoModelChoice.choose(paths, 512, LAPTOP);
        assertThat(c.bundled()).isFalse();
        assertThat(c.id()).isEqualTo(model.id());
        assertThat(c.description()).isEqualTo("Llama 3.1 8B Instruct Q4_K_M from the catalog (llama-3.1-8b-instruct:Q4_K_M)");

        pullAs(paths, "llama-3.2-1b-instruct", "Q8_0"); // the catalog's first choice for a demo
        assertThat(DemoModelChoice.choose(paths, 512, LAPTOP).description()).startsWith("Llama 3.2 1B Instruct Q8_0");
    }

    @Test
    void aPulledModelWhoseFileIsGoneOrThatDoesNotFitFallsBackToTheBundledOne() throws Exception {
        AppPaths paths = new AppPaths(home);
        ModelRecord model = pullAs(paths, "llama-3.2-1b-instruct", "Q4_K_M");
        assertThat(DemoModelChoice.choose(paths, 512, TINY_BOX).bundled()).isTrue();
        Files.delete(model.path());
        assertThat(DemoModelChoice.choose(paths, 512, LAPTOP).bundled()).isTrue();
    }

    /**
     * Lists a model as pulled from the catalog under a real entry's name. The file is the bundled tiny
     * model copied under another name (another id), since no real model may be downloaded in a test.
     */
    static ModelRecord pullAs(AppPaths paths, String name, String quant) throws Exception {
        Path file = Files.createTempFile(name, ".gguf");
        try (InputStream in = DemoModel.class.getResourceAsStream("tiny-llama3.gguf")) {
            Files.write(file, in.readAllBytes());
            Files.write(file, name.getBytes(), java.nio.file.StandardOpenOption.APPEND); // a distinct file per name
        }
        try (Database db = Database.open(paths.database())) {
            ModelRecord r = new ModelLibrary(db, paths.models(), ModelDownloader.withDefaults()).importFile(file);
            new CatalogPulls(db).record(new CatalogPulls.Pull(name, quant, r.id(), name,
                    List.of(new CatalogPulls.PulledPart(file.getFileName().toString(), r.id().hex(), r.sizeBytes(), "test")),
                    Instant.now()));
            return r;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
