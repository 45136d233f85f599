package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.evaluators.EvaluatorDownloads;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.validator.EvaluatorCatalogViewModel;
import org.poq.core.Sha256;
import org.poq.core.concurrent.UiExecutor;
import org.poq.core.testing.RepoRoot;
import org.poq.evaluator.EvaluatorCatalog;
import org.poq.miner.library.ModelDownloader;

/** The Validator screen's evaluators card: catalog download from a local server, import, and the unverified entries. */
class EvaluatorCatalogViewModelTest {
    @TempDir
    Path dir;
    HttpServer server;
    AppContext ctx;
    final Path tiny = RepoRoot.get().resolve("resources/evaluators/tiny-cross");

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = Files.readAllBytes(tiny.resolve(exchange.getRequestURI().getPath().substring(1)));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ctx.close();
    }

    private EvaluatorCatalog localCatalog() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        return EvaluatorCatalog.parse("{\"evaluators\":[{\"name\":\"tiny-cross\",\"format\":\"onnx-cross-encoder\",\"licence\":\"Apache-2.0\","
                + "\"files\":[{\"name\":\"model.onnx\",\"url\":\"" + base + "model.onnx\",\"size\":" + Files.size(tiny.resolve("model.onnx"))
                + ",\"sha256\":\"" + Sha256.ofFile(tiny.resolve("model.onnx")).hex() + "\"},"
                + "{\"name\":\"tokenizer.json\",\"url\":\"" + base + "tokenizer.json\",\"size\":" + Files.size(tiny.resolve("tokenizer.json"))
                + ",\"sha256\":\"" + Sha256.ofFile(tiny.resolve("tokenizer.json")).hex() + "\"}],"
                + "\"evaluator\":" + Files.readString(tiny.resolve("evaluator.json")) + "}]}");
    }

    @Test
    void downloadsFromTheCatalogAndListsItInstalled() throws Exception {
        EvaluatorCatalogViewModel vm = new EvaluatorCatalogViewModel(ctx, localCatalog(),
                new EvaluatorDownloads(new ModelDownloader(HttpClient.newHttpClient(), 2, Duration.ofMillis(10))));
        vm.load().join();
        assertThat(vm.installed()).hasSize(1).first().asString().endsWith("- default");
        vm.download(vm.entries().get(0)).join();
        assertThat(vm.statusProperty().get()).startsWith("Downloaded, verified and installed: tiny-random-cross-encoder");
        vm.load().join();
        assertThat(vm.installed()).hasSize(2).anyMatch(s -> s.startsWith("tiny-random-cross-encoder (cross"));
        assertThat(vm.progressProperty().get()).isNegative();
    }

    @Test
    void theBundledEntriesSayWhereTheirHashesComeFromAnUnverifiedOneIsRefusedAndImportWorks() throws Exception {
        EvaluatorCatalogViewModel bundled = EvaluatorCatalogViewModel.bundled(ctx);
        assertThat(bundled.entries()).hasSizeGreaterThanOrEqualTo(2).allMatch(EvaluatorCatalogViewModel.CatalogRow::downloadable);
        assertThat(bundled.entries()).anyMatch(r -> r.label().contains("SHA-256 pinned"))
                .anyMatch(r -> r.label().contains("SHA-256 read from the host's listing"));

        String unverified = "{\"evaluators\":[{\"name\":\"someday\","
                + "\"format\":\"onnx-cross-encoder\",\"licence\":\"Apache-2.0\",\"revision\":\"main\",\"files\":["
                + "{\"name\":\"model.onnx\",\"url\":\"http://127.0.0.1:1/m\",\"sha256\":null},"
                + "{\"name\":\"tokenizer.json\",\"url\":\"http://127.0.0.1:1/t\",\"sha256\":null}],"
                + "\"evaluator\":" + Files.readString(tiny.resolve("evaluator.json")) + "}]}";
        EvaluatorCatalogViewModel vm = new EvaluatorCatalogViewModel(ctx, EvaluatorCatalog.parse(unverified),
                new EvaluatorDownloads(new ModelDownloader(HttpClient.newHttpClient(), 2, Duration.ofMillis(10))));
        assertThat(vm.entries()).singleElement().matches(r -> !r.downloadable() && r.label().contains("not downloadable yet"));
        vm.download(vm.entries().get(0)).join();
        assertThat(vm.statusProperty().get()).contains("has no verified SHA-256 yet").doesNotContain("Exception");
        vm.importFrom(dir.resolve("missing")).join();
        assertThat(vm.statusProperty().get()).contains("no such file or folder");
        vm.importFrom(tiny).join();
        assertThat(vm.statusProperty().get()).startsWith("Imported: tiny-random-cross-encoder");
    }
}
