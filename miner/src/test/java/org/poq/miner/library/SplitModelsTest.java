package org.poq.miner.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.gguf.SplitFiles;
import org.poq.miner.testmodels.ModelFiles;
import org.poq.miner.testmodels.TestModels;

/** Models split into gguf-split parts: imported, downloaded, verified and removed as one model, loaded from part 1. */
class SplitModelsTest {
    @TempDir
    Path home;
    @TempDir
    Path source;

    private Database db;
    private ModelLibrary library;

    @BeforeEach
    void open() {
        db = Database.open(new AppPaths(home).database());
        library = new ModelLibrary(db, new AppPaths(home).models(),
                new ModelDownloader(HttpClient.newHttpClient(), 2, Duration.ofMillis(10), Duration.ofSeconds(5)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void importingPartOneBringsEveryPartAndTheEngineLoadsTheModelFromPartOne() throws Exception {
        List<Path> parts = TestModels.tinyLlama3Split(source, 3);
        ModelRecord r = library.importFile(parts.get(0));

        List<Sha256> hashes = new ArrayList<>();
        for (Path p : parts) {
            hashes.add(Sha256.ofFile(p));
        }
        assertThat(r.id()).isEqualTo(ModelLibrary.modelId(hashes));
        assertThat(r.path().getFileName().toString()).isEqualTo(r.id().hex() + "-00001-of-00003.gguf");
        long total = 0;
        for (Path p : parts) {
            total += Files.size(p);
        }
        assertThat(r.sizeBytes()).isEqualTo(total);
        ModelMetadata whole = ModelMetadata.read(ModelFiles.tinyLlama3());
        assertThat(r.parameterCount()).isEqualTo(whole.parameterCount());
        assertThat(library.list()).hasSize(1);
        assertThat(library.verify(r.id()).ok()).isTrue();

        try (InferenceEngine engine = new InferenceEngine(EngineConfig.defaults())) {
            engine.load(ModelSpec.of(r.path()).withContextSize(256).withThreads(1));
            var result = engine.generate(GenerationRequest.of("Hello").withMaxTokens(4).withTemperature(0f),
                    TokenListener.NONE).await();
            assertThat(result.generatedTokens()).isPositive();
        }
    }

    @Test
    void aPartMissingBesidePartOneIsNamedAndNothingIsListed() throws Exception {
        List<Path> parts = TestModels.tinyLlama3Split(source, 3);
        Files.delete(parts.get(2));
        assertThatThrownBy(() -> library.importFile(parts.get(0))).isInstanceOf(LibraryException.class)
                .hasMessage("tiny-llama3-split-00001-of-00003.gguf is part of a model split into 3 files and 1 are not "
                        + "beside it (tiny-llama3-split-00003-of-00003.gguf)");
        assertThat(library.list()).isEmpty();
        assertNoLeftovers();
    }

    @Test
    void aSplitDownloadVerifiesEveryPartAndListsOneModel() throws Exception {
        List<Path> parts = TestModels.tinyLlama3Split(source, 3);
        try (FakeModelHost host = new FakeModelHost()) {
            List<ModelLibrary.PartSource> sources = new ArrayList<>();
            long total = 0;
            for (Path p : parts) {
                sources.add(new ModelLibrary.PartSource(host.put("o/r", "main", p.getFileName().toString(), p),
                        Sha256.ofFile(p), Files.size(p)));
                total += Files.size(p);
            }
            long[] last = {0, 0};
            ModelRecord r = library.download(sources, (done, all) -> {
                last[0] = done;
                last[1] = all;
            }, new DownloadCancel());
            assertThat(last).containsExactly(total, total);
            assertThat(library.verify(r.id()).ok()).isTrue();
            assertThat(r.path().getFileName().toString()).endsWith("-00001-of-00003.gguf");
            for (Path p : SplitFiles.parts(r.path())) {
                assertThat(p).isRegularFile();
            }
            assertNoLeftovers();

            // a deleted part is fetched again on the next download: the row exists, a file does not
            Files.delete(SplitFiles.parts(r.path()).get(1));
            assertThat(library.verify(r.id()).problems()).singleElement().asString()
                    .startsWith("part 2 of 3 (").endsWith(") is missing: pull or import the model again");
            int before = host.fileGets();
            assertThat(library.download(sources, DownloadProgress.NONE, new DownloadCancel())).isEqualTo(r);
            assertThat(host.fileGets()).isGreaterThan(before);
            assertThat(library.verify(r.id()).ok()).isTrue();
        }
    }

    @Test
    void aWrongHashOnTheLastPartRemovesEveryPartAndListsNothing() throws Exception {
        List<Path> parts = TestModels.tinyLlama3Split(source, 2);
        try (FakeModelHost host = new FakeModelHost()) {
            List<ModelLibrary.PartSource> sources = List.of(
                    new ModelLibrary.PartSource(host.put("o/r", "main", parts.get(0).getFileName().toString(), parts.get(0)),
                            Sha256.ofFile(parts.get(0))),
                    // attack: the host serves another file as part 2 than the catalog pinned
                    new ModelLibrary.PartSource(host.put("o/r", "main", parts.get(1).getFileName().toString(), parts.get(1)),
                            Sha256.of("another part".getBytes())));
            assertThatThrownBy(() -> library.download(sources, DownloadProgress.NONE, new DownloadCancel()))
                    .isInstanceOf(ChecksumMismatchException.class);
            assertThat(library.list()).isEmpty();
            assertNoLeftovers();
        }
    }

    @Test
    void aChangedPartFailsVerificationAndRemoveDeletesEveryPart() throws Exception {
        ModelRecord r = library.importFile(TestModels.tinyLlama3Split(source, 2).get(0));
        Path second = SplitFiles.parts(r.path()).get(1);
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length - 1] ^= 1;
        Files.write(second, bytes);
        assertThat(library.verify(r.id()).problems()).singleElement().asString()
                .startsWith("a part was changed: ").endsWith("; remove the model and pull it again");

        assertThat(library.remove(r.id())).isTrue();
        assertThat(library.list()).isEmpty();
        try (Stream<Path> files = Files.list(new AppPaths(home).models())) {
            assertThat(files.filter(p -> p.toString().endsWith(".gguf"))).isEmpty();
        }
    }

    @Test
    void aSingleFileModelIsVerifiedAgainstItsId() throws Exception {
        ModelRecord r = library.importFile(ModelFiles.tinyLlama3());
        assertThat(library.verify(r.id()).ok()).isTrue();
        Files.write(r.path(), new byte[]{1, 2, 3});
        assertThat(library.verify(r.id()).problems()).singleElement().asString()
                .contains("was changed: its SHA-256 is " + Sha256.of(new byte[]{1, 2, 3}).hex());
        assertThatThrownBy(() -> library.verify(Sha256.of(new byte[0]))).hasMessageStartingWith("no model ");
    }

    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".head"))).isEmpty();
        }
    }
}
