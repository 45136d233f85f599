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
import org.poq.app.service.TestCatalogs;
import org.poq.miner.library.FakeModelHost;
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
        assertThat(info.out()).contains("experts:        4 (2 used per token)", "chat template:  the file's own template (Jinja)",
                "tokenizer:      llama", "memory:         FITS");
    }

    @Test
    void infoOnPartOneOfASplitModelWithAPartMissingWarns() throws IOException {
        Path part1 = Files.copy(TestModels.tinyMixtral(files), files.resolve("tiny-00001-of-00003.gguf"));
        Files.copy(part1, files.resolve("tiny-00003-of-00003.gguf"));
        CliRun info = CliRun.of("models", "info", part1.toString(), "--context", "512");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("architecture:");
        assertThat(info.err().strip()).isEqualTo("warning: tiny-00001-of-00003.gguf is part of a model split in 3 files "
                + "and 1 of them is missing (tiny-00002-of-00003.gguf): the size and parameters above count only the "
                + "parts present, and the model cannot be loaded until every part is in " + files.toAbsolutePath());
        Files.copy(part1, files.resolve("tiny-00002-of-00003.gguf"));
        assertThat(CliRun.of("models", "info", part1.toString(), "--context", "512").err()).doesNotContain("warning");
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

    @Test
    void theCatalogIsListedWithFitLabels() {
        CliRun run = CliRun.of("models", "catalog");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("catalog version ").contains("llama-3.2-1b-instruct:Q4_K_M", "Llama 3.2 1B Instruct",
                "llama-3.1-70b-instruct:Q8_0", "2 parts", "qwen2.5-7b-instruct:Q4_K_M", "gemma-3-4b-it:Q4_K_M",
                "family llama-3.2-1b-instruct, Llama 3.2 Community License");
        assertThat(run.out()).containsAnyOf("full GPU", "partial offload", "CPU only", "does not fit");
        // sizes in the one binary unit every face uses: the pinned 807,690,656 bytes, and estimates marked "~"
        assertThat(run.out()).contains("770.3 MiB").containsPattern("~\\d+\\.\\d GiB").doesNotContain(" GB");
    }

    @Test
    void pullVerifyRemoveAndAPastedUrlWithoutHashAgainstALocalHost() throws Exception {
        try (FakeModelHost host = new FakeModelHost()) {
            // a newer catalog in the data folder, naming the local host as its mirror
            Files.createDirectories(home.resolve("models"));
            Files.writeString(home.resolve("models").resolve("catalog.json"), TestCatalogs.serveAndDescribe(host, files, 1000, "3.0.0"));

            CliRun catalog = CliRun.of("models", "catalog", "--fits");
            assertThat(catalog.out()).startsWith("catalog version 1000").contains("tiny:Q8_0", "hash from host", "tiny-split:Q4_K_M", "3 parts");

            CliRun pull = CliRun.of("models", "pull", "tiny-split");
            assertThat(pull.exitCode()).as(pull.err()).isZero();
            assertThat(pull.out()).startsWith("pulled: tiny-split:Q4_K_M (Tiny Llama 3 in parts, family tiny-split-family)");
            assertThat(CliRun.of("models", "pull", "tiny-split").out()).startsWith("already pulled: tiny-split:Q4_K_M");
            assertThat(CliRun.of("models", "catalog").out()).contains("pulled");

            CliRun hostHash = CliRun.of("models", "pull", "tiny:Q8_0");
            assertThat(hostHash.exitCode()).as(hostHash.err()).isZero();
            assertThat(hostHash.err()).contains("the catalog pins no SHA-256 for tiny-q8_0.gguf: reading the one its host publishes");

            CliRun verify = CliRun.of("models", "verify", "tiny-split");
            assertThat(verify.exitCode()).as(verify.err()).isZero();
            assertThat(verify.out()).startsWith("ok: ").contains("is whole and unchanged");

            CliRun removed = CliRun.of("models", "remove", "tiny-split:Q4_K_M");
            assertThat(removed.exitCode()).as(removed.err()).isZero();
            CliRun gone = CliRun.of("models", "verify", "tiny-split");
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.err().strip()).isEqualTo("error: tiny-split has not been pulled; pull it with: poq models pull tiny-split");

            CliRun pasted = CliRun.of("models", "download", host.base() + "/test/tiny-GGUF/resolve/main/tiny-q4_k_m.gguf");
            assertThat(pasted.exitCode()).as(pasted.err()).isZero();
            assertThat(pasted.err()).contains("no SHA-256 given: reading the one the host publishes");

            host.publishing(FakeModelHost.Publishes.NOTHING);
            CliRun refused = CliRun.of("models", "download", host.base() + "/test/tiny-split-GGUF/resolve/"
                    + "0123456789abcdef0123456789abcdef01234567/Q4_K_M/tiny-llama3-split-00001-of-00003.gguf");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("publishes no SHA-256").doesNotContain("Exception").doesNotContain("null");
        }
    }

    @Test
    void badCatalogNamesGetOneClearLine() {
        CliRun unknown = CliRun.of("models", "pull", "llama-9");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("error: no model \"llama-9\" in the catalog; there are: ");
        CliRun quant = CliRun.of("models", "pull", "llama-3.2-1b-instruct:Q3");
        assertThat(quant.err().strip()).isEqualTo("error: llama-3.2-1b-instruct has no quantisation \"Q3\" in the catalog; it has: Q4_K_M, Q8_0");
        CliRun remove = CliRun.of("models", "remove", "llama-3.2-1b-instruct");
        assertThat(remove.exitCode()).isEqualTo(1);
        assertThat(remove.err().strip()).isEqualTo("error: llama-3.2-1b-instruct has not been pulled; pull it with: poq models pull llama-3.2-1b-instruct");
        CliRun verify = CliRun.of("models", "verify", "ab".repeat(32));
        assertThat(verify.err().strip()).isEqualTo("error: no model " + "ab".repeat(32) + " in the library");
    }
}
