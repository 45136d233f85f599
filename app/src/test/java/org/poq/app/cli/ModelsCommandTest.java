package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.Sha256;
import org.poq.miner.testmodels.TestModels;

class ModelsCommandTest {
    @TempDir
    Path home;
    @TempDir
    Path files;
    private String previousHome;

    @BeforeEach
    void useTemporaryHome() {
        previousHome = System.getProperty("poq.home");
        System.setProperty("poq.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("poq.home");
        } else {
            System.setProperty("poq.home", previousHome);
        }
    }

    @Test
    void importsListsAndDescribesAModel() throws IOException {
        Path model = TestModels.tinyMixtral(files);
        String id = Sha256.ofFile(model).hex();

        CliRun imported = CliRun.of("models", "import", model.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith(id).contains("tiny-mixtral", "MISTRAL", "4 experts");

        CliRun list = CliRun.of("models", "list");
        assertThat(list.out().strip()).isEqualTo(imported.out().strip());

        CliRun info = CliRun.of("models", "info", id, "--context", "512");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("experts:        4 (2 used per token)", "chat template:  MISTRAL (from the file)",
                "tokenizer:      llama", "memory:         FITS");
    }

    @Test
    void refusesAFileThatIsNotAModelWithOneClearLine() throws IOException {
        Path text = Files.writeString(files.resolve("notes.gguf"), "not a model");
        CliRun run = CliRun.of("models", "import", text.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("error: ").contains("not a GGUF model file").doesNotContain("Exception");
        assertThat(CliRun.of("models", "list").out()).isEmpty();
    }

    @Test
    void aDownloadNeedsAValidChecksum() {
        CliRun run = CliRun.of("models", "download", "http://127.0.0.1:9/model.gguf", "--sha256", "abc");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("64 hex digits");
    }
}
