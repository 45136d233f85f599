package org.poq.miner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    private static final URI HOST = ModelCatalog.HUGGING_FACE;

    @Test
    void theBundledCatalogHasTheRequiredModelsInQ4KMAndQ8() {
        ModelCatalog c = ModelCatalog.bundled();
        assertThat(c.entries()).extracting(ModelCatalog.Entry::name).contains("llama-3.1-8b-instruct",
                "llama-3.1-70b-instruct", "llama-3.2-1b-instruct", "llama-3.2-3b-instruct", "mixtral-8x7b-instruct",
                "mistral-7b-instruct", "qwen2.5-7b-instruct", "gemma-3-4b-it");
        for (ModelCatalog.Entry e : c.entries()) {
            assertThat(e.quant("Q4_K_M")).as(e.name()).isPresent();
            assertThat(e.family()).isNotBlank();
            assertThat(e.licence()).isNotBlank();
            assertThat(e.engineSupports()).as(e.name()).isTrue();
            assertThat(e.recommendedContext()).isLessThanOrEqualTo(e.contextLength());
            for (ModelCatalog.CatalogQuant q : e.quants()) {
                for (ModelCatalog.CatalogFile f : q.files()) {
                    assertThat(f.url().toString()).isEqualTo("https://huggingface.co/" + q.repo() + "/resolve/"
                            + q.revision() + "/" + f.name());
                }
            }
        }
        assertThat(c.entries().stream().filter(e -> e.quant("Q8_0").isPresent()).count()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void splitQuantisationsListEveryPartInOrder() {
        ModelCatalog c = ModelCatalog.bundled();
        ModelCatalog.CatalogQuant q8 = c.select("llama-3.1-70b-instruct:Q8_0").quant();
        assertThat(q8.split()).isTrue();
        assertThat(q8.files()).extracting(ModelCatalog.CatalogFile::fileName).containsExactly(
                "Meta-Llama-3.1-70B-Instruct-Q8_0-00001-of-00002.gguf", "Meta-Llama-3.1-70B-Instruct-Q8_0-00002-of-00002.gguf");
        ModelCatalog.CatalogQuant qwen = c.select("qwen2.5-7b-instruct").quant();
        assertThat(qwen.files()).hasSize(2);
        assertThat(qwen.verified()).isTrue();
        assertThat(qwen.revision()).matches("[0-9a-f]{40}");
    }

    @Test
    void everyPinnedHashNamesItsSourceAndNoHashIsRepeated() {
        ModelCatalog c = ModelCatalog.bundled();
        List<ModelCatalog.CatalogFile> pinned = c.entries().stream().flatMap(e -> e.quants().stream())
                .peek(q -> {
                    if (q.files().stream().anyMatch(f -> f.sha256().isPresent())) {
                        assertThat(q.hashSource()).isNotBlank();
                    }
                })
                .flatMap(q -> q.files().stream()).filter(f -> f.sha256().isPresent()).toList();
        assertThat(pinned).hasSizeGreaterThanOrEqualTo(10);
        assertThat(pinned).allMatch(f -> f.sha256().get().hex().matches("[0-9a-f]{64}"));
        assertThat(pinned.stream().map(f -> f.sha256().get()).distinct().count()).isEqualTo(pinned.size());
        // an entry without a verified hash is marked so, not filled in
        assertThat(c.select("mixtral-8x7b-instruct:Q8_0").quant().verified()).isFalse();
        assertThat(c.select("llama-3.1-70b-instruct:Q8_0").quant().verified()).isFalse();
    }

    @Test
    void everyRevisionIsACommitWithItsSourceOrMarkedUnpinnedAndEverySizeNamesItsSource() {
        ModelCatalog c = ModelCatalog.bundled();
        List<ModelCatalog.CatalogQuant> quants = c.entries().stream().flatMap(e -> e.quants().stream()).toList();
        for (ModelCatalog.CatalogQuant q : quants) {
            if (q.pinned()) {
                assertThat(q.revisionSource()).as(q.repo()).isNotBlank();
            } else {
                assertThat(q.revision()).as(q.repo()).isEqualTo("main");
            }
            if (q.files().stream().anyMatch(f -> f.size().isPresent())) {
                assertThat(q.sizeSource()).as(q.repo()).isNotBlank();
            }
        }
        // the values copied from pinning sources, so a slip in an edit shows here
        assertThat(c.select("gemma-3-4b-it:Q4_K_M").quant().revision()).isEqualTo("c536c4707e747055eecad7da65d46b6fb0ebaa79");
        ModelCatalog.CatalogQuant small = c.select("llama-3.2-1b-instruct:Q4_K_M").quant();
        assertThat(small.revision()).isEqualTo("067b946cf014b7c697f3654f621d577a3e3afd1c");
        assertThat(small.size()).hasValue(807_694_464L);
        assertThat(small.files().get(0).sha256().orElseThrow().hex())
                .isEqualTo("6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83");
        assertThat(c.select("qwen2.5-7b-instruct:Q4_K_M").quant().size()).hasValue(3_993_201_344L + 689_872_288L);
        // Qwen2.5 7B's Q8_0 is there, pinned to a commit with its hash and size
        ModelCatalog.CatalogQuant qwen8 = c.select("qwen2.5-7b-instruct:Q8_0").quant();
        assertThat(qwen8.verified()).isTrue();
        assertThat(qwen8.pinned()).isTrue();
        assertThat(qwen8.size()).hasValue(8_098_525_888L);
        // most quantisations are pinned in all three; the rest say which part they lack
        long fullyPinned = quants.stream().filter(q -> q.pinned() && q.verified() && q.size().isPresent()).count();
        assertThat(fullyPinned).isGreaterThanOrEqualTo(11);
    }

    @Test
    void aBranchPassedOffAsAPinAndUnsourcedValuesAreRefused() {
        assertThatThrownBy(() -> ModelCatalog.parse(catalog(1, "\"sha256\": null").replace(", \"unpinned\": true", ""), HOST))
                .hasMessage("the model catalog: m:Q4_K_M has revision \"main\", which is not a commit (40 hex digits); "
                        + "a branch needs \"unpinned\": true");
        String commit = "0123456789abcdef0123456789abcdef01234567";
        assertThatThrownBy(() -> ModelCatalog.parse(catalog(1, "\"sha256\": null")
                .replace("\"revision\": \"main\", \"unpinned\": true", "\"revision\": \"" + commit + "\""), HOST))
                .hasMessage("the model catalog: m:Q4_K_M pins revision " + commit + " without a \"revisionSource\"");
        assertThatThrownBy(() -> ModelCatalog.parse(catalog(1, "\"size\": 5, \"sha256\": null"), HOST))
                .hasMessage("the model catalog: m:Q4_K_M gives a size without a \"sizeSource\"");
        ModelCatalog pinned = ModelCatalog.parse(catalog(1, "\"sha256\": null")
                .replace("\"revision\": \"main\", \"unpinned\": true", "\"revision\": \"" + commit + "\", \"revisionSource\": \"y\""), HOST);
        assertThat(pinned.select("m").quant().pinned()).isTrue();
        assertThat(pinned.select("m").quant().files().get(0).url().getPath()).isEqualTo("/o/r/resolve/" + commit + "/m.gguf");
    }

    @Test
    void aNameWithoutQuantisationMeansQ4KMAndBadNamesSayWhatThereIs() {
        ModelCatalog c = ModelCatalog.bundled();
        assertThat(c.select("Llama-3.2-1B-Instruct").label()).isEqualTo("llama-3.2-1b-instruct:Q4_K_M");
        assertThat(c.select("llama-3.2-1b-instruct:q8_0").quant().quant()).isEqualTo("Q8_0");
        assertThatThrownBy(() -> c.select("llama-9"))
                .hasMessageStartingWith("no model \"llama-9\" in the catalog; there are: ")
                .hasMessageContaining("llama-3.2-1b-instruct");
        assertThatThrownBy(() -> c.select("llama-3.2-1b-instruct:Q2_K"))
                .hasMessage("llama-3.2-1b-instruct has no quantisation \"Q2_K\" in the catalog; it has: Q4_K_M, Q8_0");
        assertThatThrownBy(() -> c.select(" ")).hasMessageContaining("NAME or NAME:QUANT");
        assertThatThrownBy(() -> c.select("a:b:c")).hasMessageContaining("is not NAME or NAME:QUANT");
        assertThatThrownBy(() -> c.select("llama-3.2-1b-instruct:")).hasMessageContaining("is not NAME or NAME:QUANT");
    }

    @Test
    void brokenCatalogsAreRefusedInWords() {
        assertThatThrownBy(() -> ModelCatalog.parse("{", HOST)).hasMessageStartingWith("the model catalog is not valid JSON");
        assertThatThrownBy(() -> ModelCatalog.parse("{\"models\":[]}", HOST)).hasMessageContaining("\"format\": 1");
        assertThatThrownBy(() -> ModelCatalog.parse(catalog(1, "\"sha256\": \"abc\""), HOST))
                .hasMessageContaining("m:Q4_K_M has a sha256 that is not 64 hex digits");
        assertThatThrownBy(() -> ModelCatalog.parse(catalog(1, "\"sha256\": \"" + "a".repeat(64) + "\"")
                .replace("\"hashSource\": \"x\",", ""), HOST)).hasMessageContaining("pins a sha256 without a \"hashSource\"");
        String outOfOrder = catalog(1, "\"sha256\": null").replace("\"files\": [{\"name\": \"m.gguf\", \"sha256\": null}]",
                "\"files\": [{\"name\": \"m-00002-of-00002.gguf\"}, {\"name\": \"m-00001-of-00002.gguf\"}]");
        assertThatThrownBy(() -> ModelCatalog.parse(outOfOrder, HOST))
                .hasMessageContaining("file 1 must end in -00001-of-00002.gguf, not m-00002-of-00002.gguf");
        assertThatThrownBy(() -> ModelCatalog.parse(catalog(1, "\"sha256\": null").replace("\"layers\": 2", "\"layers\": 0"), HOST))
                .hasMessageContaining("\"layers\" as a positive whole number");
        for (Throwable t : List.of(catchThrown(() -> ModelCatalog.parse("{", HOST)))) {
            assertThat(t.getMessage()).doesNotContain("null").doesNotContain("Exception");
        }
    }

    @Test
    void aNewerCatalogInTheDataFolderReplacesTheBundledOneAndAnOlderOneDoesNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        assertThat(ModelCatalog.load(file, HOST).version()).isEqualTo(ModelCatalog.bundled().version());
        Files.writeString(file, catalog(1000, "\"sha256\": null"));
        assertThat(ModelCatalog.load(file, HOST).entries()).extracting(ModelCatalog.Entry::name).containsExactly("m");
        Files.writeString(file, catalog(1, "\"sha256\": null").replace("\"name\": \"m\"", "\"name\": \"old\""));
        assertThat(ModelCatalog.load(file, HOST).find("old")).isEmpty();
        // an older catalog written before version 2's rules (a branch not marked unpinned) is ignored, not fatal
        Files.writeString(file, catalog(1, "\"sha256\": null").replace(", \"unpinned\": true", ""));
        assertThat(ModelCatalog.load(file, HOST).version()).isEqualTo(ModelCatalog.bundled().version());
        // a newer one that breaks them is refused in words, naming the file
        Files.writeString(file, catalog(1000, "\"sha256\": null").replace(", \"unpinned\": true", ""));
        assertThatThrownBy(() -> ModelCatalog.load(file, HOST)).hasMessageStartingWith(file + ": the model catalog: m:Q4_K_M has revision");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> ModelCatalog.load(file, HOST)).hasMessageStartingWith(file + ": the model catalog is not valid JSON");
    }

    @Test
    void anEntryForANewerEngineSaysSo() {
        ModelCatalog c = ModelCatalog.parse(catalog(1, "\"sha256\": null").replace("\"minEngine\": \"3.0\"", "\"minEngine\": \"99.1\""), HOST);
        assertThat(c.find("m").orElseThrow().engineSupports()).isFalse();
        assertThat(ModelCatalog.compareVersions("3.21.1", "3.21")).isPositive();
        assertThat(ModelCatalog.compareVersions("3.9.0", "3.21.0")).isNegative();
    }

    private static Throwable catchThrown(Runnable r) {
        try {
            r.run();
            return new AssertionError("nothing thrown");
        } catch (RuntimeException e) {
            return e;
        }
    }

    static String catalog(int version, String sha) {
        return """
                {"format": 1, "version": %d, "models": [{"name": "m", "displayName": "M", "family": "m-fam",
                  "licence": "Apache-2.0", "gating": "not gated", "architecture": "llama", "parametersBillions": 0.001,
                  "shape": {"layers": 2, "kvHeads": 2, "keyLength": 16, "valueLength": 16, "vocabulary": 300},
                  "contextLength": 512, "recommendedContext": 256, "minEngine": "3.0", "demoRank": 1,
                  "quants": [{"quant": "Q4_K_M", "repo": "o/r", "revision": "main", "unpinned": true, "hashSource": "x",
                              "files": [{"name": "m.gguf", %s}]}]}]}
                """.formatted(version, sha);
    }
}
