package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.catalog.CatalogFit;
import org.poq.miner.catalog.CatalogPulls;
import org.poq.miner.catalog.ModelCatalog;
import org.poq.miner.gguf.SplitFiles;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.library.ChecksumMismatchException;
import org.poq.miner.library.DownloadCancel;
import org.poq.miner.library.DownloadProgress;
import org.poq.miner.library.FakeModelHost;
import org.poq.miner.library.HostHashes;
import org.poq.miner.library.LibraryException;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.poq.miner.testmodels.TestModels;

/** The catalog service against a local host imitating Hugging Face, on a real SQLite library. */
class ModelCatalogServiceTest {
    @TempDir
    Path home;
    @TempDir
    Path files;

    private FakeModelHost host;
    private Database db;
    private final List<String> said = new ArrayList<>();
    private final HardwareInfo laptop = new HardwareInfo("test CPU", 4, 16L << 30, 8L << 30, List.of());

    @BeforeEach
    void open() throws Exception {
        host = new FakeModelHost();
        db = Database.open(new AppPaths(home).database());
    }

    @AfterEach
    void close() {
        db.close();
        host.close();
    }

    private ModelCatalogService service(String minEngine) throws Exception {
        ModelCatalog catalog = ModelCatalog.parse(TestCatalogs.serveAndDescribe(host, files, 1, minEngine), ModelCatalog.HUGGING_FACE);
        return new ModelCatalogService(catalog, new ModelLibrary(db, new AppPaths(home).models(),
                new ModelDownloader(HttpClient.newHttpClient(), 2, Duration.ofMillis(10), Duration.ofSeconds(5))),
                new CatalogPulls(db), new HostHashes(HttpClient.newHttpClient(), Duration.ofSeconds(5)), () -> laptop);
    }

    private ModelCatalogService service() throws Exception {
        return service("3.0.0");
    }

    @Test
    void aPinnedEntryIsPulledVerifiedAndRecordedAndASecondPullFetchesNothing() throws Exception {
        ModelCatalogService s = service();
        ModelCatalogService.Pulled p = s.pull("tiny", DownloadProgress.NONE, new DownloadCancel(), said::add);
        assertThat(p.alreadyThere()).isFalse();
        assertThat(p.selection().label()).isEqualTo("tiny:Q4_K_M");
        assertThat(p.model().id()).isEqualTo(Sha256.ofFile(TestModels.tinyLlama3(files)));
        assertThat(said).isEmpty();
        assertThat(host.headRequests()).isZero();
        assertThat(s.verify("tiny").ok()).isTrue();

        int gets = host.fileGets();
        assertThat(s.pull("tiny:Q4_K_M", DownloadProgress.NONE, new DownloadCancel(), said::add).alreadyThere()).isTrue();
        assertThat(host.fileGets()).isEqualTo(gets);
    }

    @Test
    void anEntryWithoutAPinnedHashReadsTheHostsRecordsItAndReusesItForARedownload() throws Exception {
        ModelCatalogService s = service();
        ModelRecord m = s.pull("tiny:Q8_0", DownloadProgress.NONE, new DownloadCancel(), said::add).model();
        assertThat(said.get(0)).isEqualTo("the catalog pins no SHA-256 for tiny-q8_0.gguf: reading the one its host publishes");
        assertThat(said.get(1)).contains(m.id().hex()).contains("X-Linked-ETag of ");
        CatalogPulls.Pull recorded = new CatalogPulls(db).find("tiny", "Q8_0").orElseThrow();
        assertThat(recorded.parts()).singleElement().satisfies(part -> {
            assertThat(part.sha256()).isEqualTo(m.id().hex());
            assertThat(part.hashFrom()).startsWith("X-Linked-ETag of ");
        });

        // the file is deleted by hand: the next pull fetches it again, verified against the recorded hash,
        // even though the host has since stopped publishing one
        Files.delete(m.path());
        assertThat(s.list().stream().filter(r -> r.label().equals("tiny:Q8_0")).findFirst().orElseThrow().filesMissing()).isTrue();
        host.publishing(FakeModelHost.Publishes.NOTHING);
        ModelCatalogService.Pulled again = s.pull("tiny:Q8_0", DownloadProgress.NONE, new DownloadCancel(), said::add);
        assertThat(again.alreadyThere()).isFalse();
        assertThat(again.model().path()).isRegularFile();
        assertThat(s.verify("tiny:Q8_0").ok()).isTrue();
    }

    @Test
    void aHostThatPublishesNoHashIsRefusedBeforeAnyByteOfTheModel() throws Exception {
        ModelCatalogService s = service();
        host.publishing(FakeModelHost.Publishes.NOTHING);
        assertThatThrownBy(() -> s.pull("tiny:Q8_0", DownloadProgress.NONE, new DownloadCancel(), said::add))
                .isInstanceOf(LibraryException.class).hasMessageContaining("publishes no SHA-256");
        assertThat(host.fileGets()).isZero();
        assertThat(s.library().list()).isEmpty();
    }

    @Test
    void aHostThatPublishesTheHashOfAnotherFileLosesTheDownloadNotTheLibrary() throws Exception {
        // attack: the host (or a man in the middle) publishes a well-formed hash that is not the served file's
        ModelCatalogService s = service();
        host.forgingEtag(Sha256.of("something else".getBytes()).hex());
        assertThatThrownBy(() -> s.pull("tiny:Q8_0", DownloadProgress.NONE, new DownloadCancel(), said::add))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(s.library().list()).isEmpty();
        assertThat(new CatalogPulls(db).list()).isEmpty();
    }

    @Test
    void aSplitEntryIsPulledPartByPartAndRemovedWhole() throws Exception {
        ModelCatalogService s = service();
        ModelRecord m = s.pull("tiny-split", DownloadProgress.NONE, new DownloadCancel(), said::add).model();
        List<Path> parts = SplitFiles.parts(m.path());
        assertThat(parts).hasSize(3).allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(s.verify(m.id().hex()).ok()).isTrue();
        assertThat(s.list().stream().filter(r -> r.label().equals("tiny-split:Q4_K_M")).findFirst().orElseThrow()
                .downloaded()).contains(m);

        assertThat(s.remove("tiny-split").id()).isEqualTo(m.id());
        assertThat(parts).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(s.library().list()).isEmpty();
        assertThat(new CatalogPulls(db).list()).isEmpty();
    }

    @Test
    void entriesAreLabelledAndFilteredByFitHere() throws Exception {
        ModelCatalogService s = service();
        assertThat(s.list()).extracting(ModelCatalogService.Row::label).containsExactly("tiny:Q4_K_M", "tiny:Q8_0", "tiny-split:Q4_K_M");
        assertThat(s.list()).allSatisfy(r -> assertThat(r.fit().kind()).isEqualTo(CatalogFit.Kind.CPU_ONLY));
        assertThat(s.list(EnumSet.of(CatalogFit.Kind.FULL_GPU, CatalogFit.Kind.PARTIAL_OFFLOAD))).isEmpty();
    }

    @Test
    void badNamesAreSaidInPlainWords() throws Exception {
        ModelCatalogService s = service();
        assertThatThrownBy(() -> s.pull("nope", DownloadProgress.NONE, new DownloadCancel(), said::add))
                .hasMessageStartingWith("no model \"nope\" in the catalog; there are: tiny, tiny-split");
        assertThatThrownBy(() -> s.remove(" ")).hasMessage("name a model: NAME[:QUANT] from the catalog, or its id (64 hex digits)");
        assertThatThrownBy(() -> s.remove("tiny")).hasMessage("tiny has not been pulled; pull it with: poq models pull tiny");
        assertThatThrownBy(() -> s.verify("tiny:Q2_K")).hasMessageContaining("tiny has no quantisation \"Q2_K\"");
        assertThatThrownBy(() -> s.verify("ab".repeat(32))).hasMessage("no model " + "ab".repeat(32) + " in the library");
        s.pull("tiny:Q4_K_M", DownloadProgress.NONE, new DownloadCancel(), said::add);
        s.pull("tiny:Q8_0", DownloadProgress.NONE, new DownloadCancel(), said::add);
        // both quantisations are the same file here, so both rows name one model: still, a bare name is ambiguous
        assertThatThrownBy(() -> s.remove("tiny")).hasMessage("tiny was pulled in 2 quantisations (Q4_K_M, Q8_0): name one as tiny:QUANT");
    }

    @Test
    void anEntryForANewerEngineIsRefusedBeforeDownloading() throws Exception {
        ModelCatalogService s = service("99.0.0");
        assertThatThrownBy(() -> s.pull("tiny", DownloadProgress.NONE, new DownloadCancel(), said::add))
                .hasMessage("Tiny Llama 3 needs engine 99.0.0 or newer (node-llama-cpp's llama.cpp); this app has 3.21.1: update PoQ Desktop");
        assertThat(host.fileGets()).isZero();
    }

    @Test
    void aPastedUrlWithoutAHashIsVerifiedAgainstTheHostsAndRefusedWithoutOne() throws Exception {
        ModelCatalogService s = service();
        var url = host.base().resolve("/test/tiny-GGUF/resolve/main/tiny-q8_0.gguf");
        ModelRecord m = s.download(url, Optional.empty(), DownloadProgress.NONE, new DownloadCancel(), said::add);
        assertThat(m.id()).isEqualTo(Sha256.ofFile(TestModels.tinyLlama3(files)));
        assertThat(said.get(0)).isEqualTo("no SHA-256 given: reading the one the host publishes");
        s.remove(m.id().hex());
        host.publishing(FakeModelHost.Publishes.NOTHING);
        assertThatThrownBy(() -> s.download(url, Optional.empty(), DownloadProgress.NONE, new DownloadCancel(), said::add))
                .hasMessageContaining("give the file's SHA-256 (64 hex digits) with --sha256");
        assertThatThrownBy(() -> s.download(java.net.URI.create("file:///etc/passwd"), Optional.empty(), DownloadProgress.NONE,
                new DownloadCancel(), said::add)).hasMessage("\"file:///etc/passwd\" is not a web address (https://...)");
    }

    @Test
    void theBestDownloadedModelFollowsTheCatalogsDemoOrder() throws Exception {
        ModelCatalogService s = service();
        assertThat(s.bestDownloaded()).isEmpty();
        s.pull("tiny", DownloadProgress.NONE, new DownloadCancel(), said::add);
        assertThat(s.bestDownloaded().orElseThrow().entry().name()).isEqualTo("tiny");
        s.pull("tiny-split", DownloadProgress.NONE, new DownloadCancel(), said::add);
        assertThat(s.bestDownloaded().orElseThrow().entry().name()).isEqualTo("tiny-split"); // demoRank 1
        Files.delete(SplitFiles.parts(s.bestDownloaded().orElseThrow().model().path()).get(2));
        assertThat(s.bestDownloaded().orElseThrow().entry().name()).isEqualTo("tiny");
    }
}
