package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.demo.DemoModel;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.Sha256;
import org.poq.core.concurrent.UiExecutor;
import org.poq.wallet.keys.Mnemonics;

/** The Miner screen's download: a real HTTP server on 127.0.0.1, the library's verified download. */
class MinerDownloadTest {
    @TempDir
    Path dir;
    HttpServer server;
    byte[] model;
    AppContext ctx;
    final List<Double> progress = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        try (InputStream in = DemoModel.class.getResourceAsStream("tiny-llama3.gguf")) {
            model = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/model.gguf", exchange -> {
            exchange.sendResponseHeaders(200, model.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < model.length; i += 64 * 1024) {
                    out.write(model, i, Math.min(64 * 1024, model.length - i));
                }
            }
        });
        server.start();
        ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct());
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ctx.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/model.gguf";
    }

    @Test
    void downloadsVerifiesAndSelectsTheModelWithProgress() {
        MinerViewModel miner = new MinerViewModel(ctx);
        miner.load().join();
        miner.downloadProgressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
        miner.downloadUrlProperty().set(url());
        miner.downloadShaProperty().set(Sha256.of(model).hex());
        miner.download().join();
        assertThat(miner.node().errorProperty().get()).isEmpty();
        assertThat(miner.libraryStatusProperty().get()).startsWith("Downloaded and verified");
        assertThat(miner.modelProperty().get().id()).isEqualTo(Sha256.of(model));
        assertThat(miner.models()).hasSize(1);
        assertThat(progress).contains(1.0);
        assertThat(miner.downloadProgressProperty().get()).as("the bar hides when done").isNegative();
    }

    @Test
    void aWrongHashOrABadUrlIsRefusedAndLeavesTheLibraryAsItWas() {
        MinerViewModel miner = new MinerViewModel(ctx);
        miner.load().join();
        miner.downloadUrlProperty().set(url());
        miner.downloadShaProperty().set(Sha256.of("something else".getBytes()).hex());
        miner.download().join();
        assertThat(miner.node().errorProperty().get()).startsWith("Download failed").containsIgnoringCase("sha-256");
        assertThat(miner.models()).isEmpty();

        miner.downloadUrlProperty().set("ftp://example.org/model.gguf");
        miner.download().join();
        assertThat(miner.node().errorProperty().get()).contains("an http(s) URL is needed");
        assertThat(miner.models()).isEmpty();
    }

    /**
     * A server that sends the first bytes and then stalls without closing: the window's Cancel
     * button ends the download at once (the blocked read is closed), says so, leaves no partial file
     * and no library row.
     */
    @Test
    void cancelEndsAStalledDownloadAndLeavesNothingBehind() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        // a server of its own with a thread per request: the stalled answer must not hold up the next request
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        stalling.createContext("/stall.gguf", exchange -> {
            exchange.sendResponseHeaders(200, model.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(model, 0, 4096);
                out.flush();
                sent.addAndGet(4096);
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the client hung up: what a cancel does
            }
        });
        stalling.start();
        try {
            MinerViewModel miner = new MinerViewModel(ctx);
            miner.load().join();
            miner.downloadUrlProperty().set("http://127.0.0.1:" + stalling.getAddress().getPort() + "/stall.gguf");
            miner.downloadShaProperty().set(Sha256.of(model).hex());
            var done = miner.download();
            Await.until("the first bytes", () -> sent.get() > 0 && miner.downloadingProperty().get());
            assertThat(done).isNotDone();
            long start = System.nanoTime();
            miner.cancelDownload();
            done.get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a cancel does not wait out the read timeout")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(miner.libraryStatusProperty().get()).isEqualTo("Download cancelled; the partial file was removed.");
            assertThat(miner.node().errorProperty().get()).isEmpty();
            assertThat(miner.downloadingProperty().get()).isFalse();
            assertThat(miner.models()).isEmpty();
            try (var files = java.nio.file.Files.walk(ctx.paths().models())) {
                assertThat(files.filter(java.nio.file.Files::isRegularFile).toList()).as("no partial file").isEmpty();
            }
        } finally {
            release.countDown();
            stalling.stop(0);
        }
    }
}
