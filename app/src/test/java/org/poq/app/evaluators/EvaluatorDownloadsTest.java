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
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final EvaluatorDownloads downloads = new EvaluatorDownloads(new ModelDownloader(HttpClient.newHttpClient(), 3, Duration.ofMillis(10)));

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
        EvaluatorCatalog.Entry l6 = bundled.require("ms-marco-minilm-l6-v2");
        assertThat(l6.verified()).isFalse();
        assertThatThrownBy(() -> downloads.download(l6, dir, (d, t) -> { }))
                .isInstanceOf(InvalidEvaluatorException.class).hasMessageContaining("has no verified SHA-256 yet");
        assertThatThrownBy(() -> bundled.require("gpt-5")).hasMessageContaining("no evaluator \"gpt-5\" in the catalog; there are: ms-marco");
    }
}
