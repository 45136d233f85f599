package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poq.core.testing.RepoRoot;
import org.poq.evaluator.DefaultEvaluator;

/** `poq evaluators` in-process: list, import, info, and the errors a user meets. */
@ExtendWith(TempPoqHome.class)
class EvaluatorsCommandTest {

    @Test
    void listShowsTheDefaultAndTheCatalogImportAddsAndInfoDescribes() throws Exception {
        CliRun list = CliRun.of("evaluators", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(DefaultEvaluator.id().hex() + "  bi").contains("[default]")
                .contains("ms-marco-minilm-l6-v2").contains("downloadable (SHA-256 pinned)")
                .contains("ms-marco-minilm-l12-v2").contains("downloadable (SHA-256 read from the host's listing at revision 7b0235231ca2)");

        CliRun imported = CliRun.of("evaluators", "import", RepoRoot.get().resolve("resources/evaluators/tiny-cross").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        String id = java.nio.file.Files.readString(RepoRoot.get().resolve("resources/evaluators/tiny-cross.id")).strip();
        assertThat(imported.out()).startsWith(id + "  cross");
        assertThat(CliRun.of("evaluators", "list").out()).contains(id);

        CliRun info = CliRun.of("evaluators", "info", id);
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("kind:              cross").contains("max length:        128 tokens");

        CliRun catalogInfo = CliRun.of("evaluators", "info", "ms-marco-minilm-l12-v2");
        assertThat(catalogInfo.out()).contains("licence:           Apache-2.0").contains("revision:          7b0235231ca2674cb8ca8f022859a6eba2b1c968")
                .contains("sha256 read from the host's listing when downloading");
        CliRun pinned = CliRun.of("evaluators", "info", "ms-marco-minilm-l6-v2");
        assertThat(pinned.out()).contains("sha256 5d3e70fd0c9ff14b9b5169a51e957b7a9c74897afd0a35ce4bd318150c1d4d4a");
    }

    @Test
    void errorsArePlainWords() {
        // An unverified entry's refusal is in EvaluatorDownloadsTest (the bundled entries are all downloadable,
        // and a test never reaches the network).
        CliRun unknown = CliRun.of("evaluators", "download", "nope");
        assertThat(unknown.err()).contains("no evaluator \"nope\" in the catalog; there are: ms-marco-minilm-l6-v2");

        CliRun notInstalled = CliRun.of("evaluators", "info", "ab".repeat(32));
        assertThat(notInstalled.exitCode()).isEqualTo(2);
        assertThat(notInstalled.err()).contains("is not installed");

        CliRun missing = CliRun.of("evaluators", "import", TempPoqHome.path().resolve("nothing-here").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file or folder");
    }
}
