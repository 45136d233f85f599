package org.poq.app.evaluators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.Sha256;
import org.poq.core.testing.RepoRoot;
import org.poq.evaluator.CatalogInstaller;
import org.poq.evaluator.EvaluatorCatalog;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.InvalidEvaluatorException;
import org.poq.miner.library.ChecksumMismatchException;
import org.poq.miner.library.ModelDownloader;

/**
 * A catalog evaluator downloaded from a local HTTP server through the miner library's downloader: the
 * project's tiny cross-encoder (resources/evaluators/tiny-cross, a real ONNX package) as the remote files.
 */
class EvaluatorDownloadsTest {
    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** What the imitation of the Hugging Face model API answers at /api/models/org/tiny/revision/REV. */
    volatile String listing = "";
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final EvaluatorDownloads downloads = new EvaluatorDownloads(new ModelDownloader(HttpClient.newHttpClient(), 3, Duration.ofMillis(10)));

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/models/org/tiny/revision/" + REV, exchange -> {
            byte[] body = listing.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(listing.isEmpty() ? 404 : 200, listing.isEmpty() ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                ranges.add(range);
                from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });
        server.start();
        Path tiny = RepoRoot.get().resolve("resources/evaluators/tiny-cross");
        files.put("/tiny/rev1/model.onnx", Files.readAllBytes(tiny.resolve("model.onnx")));
        files.put("/tiny/rev1/tokenizer.json", Files.readAllBytes(tiny.resolve("tokenizer.json")));
        files.put("/org/tiny/resolve/" + REV + "/onnx/model.onnx", files.get("/tiny/rev1/model.onnx"));
        files.put("/org/tiny/resolve/" + REV + "/tokenizer.json", files.get("/tiny/rev1/tokenizer.json"));
    }

    static final String REV = "0123456789abcdef0123456789abcdef01234567";

    /** A catalog entry pinned to a revision only, its hashes to be read from the host's listing. */
    private EvaluatorCatalog hostHashedCatalog() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/org/tiny/resolve/" + REV + "/";
        return EvaluatorCatalog.parse("{\"format\":1,\"evaluators\":[{\"name\":\"tiny-host\",\"format\":\"onnx-cross-encoder\","
                + "\"licence\":\"Apache-2.0\",\"revision\":\"" + REV + "\",\"hashes\":\"host\",\"files\":["
                + "{\"name\":\"model.onnx\",\"url\":\"" + base + "onnx/model.onnx\",\"size\":-1,\"sha256\":null},"
                + "{\"name\":\"tokenizer.json\",\"url\":\"" + base + "tokenizer.json\",\"size\":-1,\"sha256\":null}],"
                + "\"evaluator\":" + Files.readString(RepoRoot.get().resolve("resources/evaluators/tiny-cross/evaluator.json")) + "}]}");
    }

    /**
     * The model API's answer as Hugging Face gives it: the revision's commit, the ONNX file in large-file
     * storage (SHA-256 listed), tokenizer.json in git (only its git blob id listed).
     */
    private static String hfListing(String sha, String modelSha256, long modelSize, String tokenizerBlob, long tokenizerSize) {
        return "{\"id\":\"org/tiny\",\"sha\":\"" + sha + "\",\"siblings\":["
                + "{\"rfilename\":\"config.json\",\"blobId\":\"" + "1".repeat(40) + "\",\"size\":612},"
                + "{\"rfilename\":\"onnx/model.onnx\",\"blobId\":\"" + "2".repeat(40) + "\",\"size\":" + modelSize
                + (modelSha256 == null ? "" : ",\"lfs\":{\"sha256\":\"" + modelSha256 + "\",\"size\":" + modelSize + ",\"pointerSize\":134}")
                + "},{\"rfilename\":\"tokenizer.json\"" + (tokenizerBlob == null ? "" : ",\"blobId\":\"" + tokenizerBlob + "\"")
                + ",\"size\":" + tokenizerSize + "}]}";
    }

    private static String gitBlob(byte[] content) throws Exception {
        java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(sha1.digest(content));
    }

    private String honestListing() throws Exception {
        byte[] model = files.get("/tiny/rev1/model.onnx");
        byte[] tokenizer = files.get("/tiny/rev1/tokenizer.json");
        return hfListing(REV, Sha256.of(model).hex(), model.length, gitBlob(tokenizer), tokenizer.length);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A catalog like resources/evaluators/catalog.json, pointing at the local server, hashes of the real files. */
    private EvaluatorCatalog catalog(String modelSha) throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/tiny/rev1/";
        String tokenizerSha = Sha256.of(files.get("/tiny/rev1/tokenizer.json")).hex();
        String config = Files.readString(RepoRoot.get().resolve("resources/evaluators/tiny-cross/evaluator.json"));
        return EvaluatorCatalog.parse("{\"format\":1,\"evaluators\":[{\"name\":\"tiny-cross\",\"format\":\"onnx-cross-encoder\","
                + "\"licence\":\"Apache-2.0\",\"revision\":\"rev1\",\"files\":["
                + "{\"name\":\"model.onnx\",\"url\":\"" + base + "model.onnx\",\"size\":" + files.get("/tiny/rev1/model.onnx").length
                + ",\"sha256\":\"" + modelSha + "\"},"
                + "{\"name\":\"tokenizer.json\",\"url\":\"" + base + "tokenizer.json\",\"size\":" + files.get("/tiny/rev1/tokenizer.json").length
                + ",\"sha256\":\"" + tokenizerSha + "\"}],\"evaluator\":" + config + "}]}");
    }

    private String modelSha() {
        return Sha256.of(files.get("/tiny/rev1/model.onnx")).hex();
    }

    @Test
    void downloadsVerifiesAndInstallsUnderTheIdThePackageHas() throws Exception {
        Path evaluators = dir.resolve("evaluators");
        long[] last = {0, 0};
        EvaluatorPackage p = downloads.download(catalog(modelSha()).require("tiny-cross"), evaluators, (done, total) -> {
            last[0] = done;
            last[1] = total;
        });
        String expectedId = Files.readString(RepoRoot.get().resolve("resources/evaluators/tiny-cross.id")).strip();
        assertThat(p.id().hex()).isEqualTo(expectedId);
        assertThat(p.dir()).isEqualTo(evaluators.resolve(expectedId));
        assertThat(last[0]).isEqualTo(last[1]).isPositive();
        assertThat(evaluators.resolve(".downloads/tiny-cross")).doesNotExist();
        try (var scorer = Evaluators.open(p.dir())) {
            assertThat(scorer.score("What is two plus two?", "Four.").value()).isBetween(0, 10000);
        }
    }

    @Test
    void anInterruptedDownloadResumesWithARangeRequest() throws Exception {
        Path evaluators = dir.resolve("evaluators");
        byte[] model = files.get("/tiny/rev1/model.onnx");
        Path part = evaluators.resolve(".downloads/tiny-cross/model.onnx.part");
        Files.createDirectories(part.getParent());
        Files.write(part, java.util.Arrays.copyOf(model, model.length / 2));
        EvaluatorPackage p = downloads.download(catalog(modelSha()).require("tiny-cross"), evaluators, (d, t) -> { });
        assertThat(ranges).contains("bytes=" + model.length / 2 + "-");
        assertThat(Files.readAllBytes(p.model())).isEqualTo(model);
    }

    @Test
    void attackTamperedFileOnTheServerIsDiscardedAndNothingIsInstalled() throws Exception {
        byte[] model = files.get("/tiny/rev1/model.onnx").clone();
        String honest = modelSha();
        model[model.length / 2] ^= 1;
        files.put("/tiny/rev1/model.onnx", model);
        Path evaluators = dir.resolve("evaluators");
        assertThatThrownBy(() -> downloads.download(catalog(honest).require("tiny-cross"), evaluators, (d, t) -> { }))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("was discarded");
        assertThat(evaluators.resolve(".downloads/tiny-cross/model.onnx.part")).doesNotExist();
        try (var s = Files.list(evaluators)) {
            assertThat(s.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}"))).isEmpty();
        }
    }

    @Test
    void unverifiedCatalogEntriesAreRefusedInPlainWords() throws Exception {
        EvaluatorCatalog bundled = EvaluatorCatalog.bundled();
        assertThat(bundled.entries()).extracting(EvaluatorCatalog.Entry::name).contains("ms-marco-minilm-l6-v2", "ms-marco-minilm-l12-v2");
        assertThat(bundled.entries()).allMatch(EvaluatorCatalog.Entry::downloadable);
        EvaluatorCatalog.Entry someday = EvaluatorCatalog.parse("{\"evaluators\":[{"
                + "\"name\":\"someday\",\"format\":\"onnx-cross-encoder\",\"licence\":\"Apache-2.0\",\"revision\":\"main\",\"files\":["
                + "{\"name\":\"model.onnx\",\"url\":\"http://127.0.0.1:1/m\",\"sha256\":null},"
                + "{\"name\":\"tokenizer.json\",\"url\":\"http://127.0.0.1:1/t\",\"sha256\":null}],\"evaluator\":"
                + Files.readString(RepoRoot.get().resolve("resources/evaluators/tiny-cross/evaluator.json")) + "}]}").require("someday");
        assertThat(someday.downloadable()).isFalse();
        assertThatThrownBy(() -> downloads.download(someday, dir, (d, t) -> { }))
                .isInstanceOf(InvalidEvaluatorException.class).hasMessageContaining("has no verified SHA-256 yet");
        assertThatThrownBy(() -> bundled.require("gpt-5")).hasMessageContaining("no evaluator \"gpt-5\" in the catalog; there are: ms-marco");
    }

    @Test
    void anEntryPinnedToARevisionIsCheckedAgainstTheHostsListingAndRecordsWhereEachHashCameFrom() throws Exception {
        listing = honestListing();
        Path evaluators = dir.resolve("evaluators");
        EvaluatorPackage p = downloads.download(hostHashedCatalog().require("tiny-host"), evaluators, (d, t) -> { });
        String expectedId = Files.readString(RepoRoot.get().resolve("resources/evaluators/tiny-cross.id")).strip();
        assertThat(p.id().hex()).isEqualTo(expectedId);
        String source = Files.readString(p.dir().resolve(CatalogInstaller.SOURCE));
        assertThat(source).contains(REV).contains(modelSha()).contains("large-file storage")
                .contains("git blob " + gitBlob(files.get("/tiny/rev1/tokenizer.json")));
        assertThat(evaluators.resolve(".downloads/tiny-host")).doesNotExist();
    }

    @Test
    void attackTheServerSendsOtherBytesThanItsListingNamesAndNothingIsInstalled() throws Exception {
        listing = honestListing();
        byte[] model = files.get("/tiny/rev1/model.onnx").clone();
        model[model.length / 3] ^= 1;
        files.put("/org/tiny/resolve/" + REV + "/onnx/model.onnx", model);
        Path evaluators = dir.resolve("evaluators");
        assertThatThrownBy(() -> downloads.download(hostHashedCatalog().require("tiny-host"), evaluators, (d, t) -> { }))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("was discarded");

        files.put("/org/tiny/resolve/" + REV + "/onnx/model.onnx", files.get("/tiny/rev1/model.onnx"));
        byte[] tokenizer = files.get("/tiny/rev1/tokenizer.json").clone();
        tokenizer[tokenizer.length / 2] ^= 1;
        files.put("/org/tiny/resolve/" + REV + "/tokenizer.json", tokenizer);
        Files.deleteIfExists(evaluators.resolve(".downloads/tiny-host/" + CatalogInstaller.HOST_HASHES));
        assertThatThrownBy(() -> downloads.download(hostHashedCatalog().require("tiny-host"), evaluators, (d, t) -> { }))
                .isInstanceOf(InvalidEvaluatorException.class).hasMessageContaining("with other bytes than its listing names")
                .hasMessageNotContaining("Exception");
        try (var s = Files.list(evaluators)) {
            assertThat(s.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}"))).isEmpty();
        }
    }

    @Test
    void aListingWithoutAHashForAFileOrForAnotherRevisionIsRefusedBeforeAnythingIsDownloaded() throws Exception {
        byte[] model = files.get("/tiny/rev1/model.onnx");
        byte[] tokenizer = files.get("/tiny/rev1/tokenizer.json");
        Path evaluators = dir.resolve("evaluators");
        EvaluatorCatalog.Entry entry = hostHashedCatalog().require("tiny-host");

        listing = hfListing(REV, modelSha(), model.length, null, tokenizer.length);
        assertThatThrownBy(() -> downloads.download(entry, evaluators, (d, t) -> { }))
                .isInstanceOf(InvalidEvaluatorException.class)
                .hasMessage("the model host publishes no hash for tokenizer.json in org/tiny at revision " + REV
                        + ", so it cannot be checked and was not downloaded; pin its SHA-256 in the catalog or import the files yourself");

        listing = hfListing("f".repeat(40), modelSha(), model.length, gitBlob(tokenizer), tokenizer.length);
        assertThatThrownBy(() -> downloads.download(entry, evaluators, (d, t) -> { }))
                .hasMessageContaining("is for revision " + "f".repeat(40) + ", not the pinned " + REV);

        listing = "";
        assertThatThrownBy(() -> downloads.download(entry, evaluators, (d, t) -> { }))
                .hasMessageContaining("the model host did not list org/tiny at revision " + REV + " (HTTP 404)");
        assertThat(evaluators.resolve(".downloads/tiny-host/model.onnx.part")).doesNotExist();
        assertThat(evaluators.resolve(".downloads/tiny-host/" + CatalogInstaller.HOST_HASHES)).doesNotExist();
    }

    @Test
    void aDownloadResumedLaterIsCheckedAgainstTheHashesReadWhenItBegan() throws Exception {
        listing = honestListing();
        byte[] model = files.remove("/org/tiny/resolve/" + REV + "/onnx/model.onnx");
        Path evaluators = dir.resolve("evaluators");
        assertThatThrownBy(() -> downloads.download(hostHashedCatalog().require("tiny-host"), evaluators, (d, t) -> { }))
                .hasMessageContaining("HTTP 404");
        assertThat(evaluators.resolve(".downloads/tiny-host/" + CatalogInstaller.HOST_HASHES)).exists();

        // The listing now vouches for other bytes (a host changed after the download began): the recorded hashes decide.
        listing = hfListing(REV, "e".repeat(64), model.length, "d".repeat(40), 1);
        files.put("/org/tiny/resolve/" + REV + "/onnx/model.onnx", model);
        EvaluatorPackage p = downloads.download(hostHashedCatalog().require("tiny-host"), evaluators, (d, t) -> { });
        assertThat(Files.readAllBytes(p.model())).isEqualTo(model);
    }
}
