package org.poq.app.gui.miner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.Await;
import org.poq.app.gui.TestContexts;
import org.poq.app.gui.WindowReads;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.Sha256;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 26, "downloads keep what they have": a stall is shown in the window, not a bar that stopped
 * moving. A server sends the first 4 KiB of a file and then nothing; the Miner screen's library line, in
 * a real window, says the connection stalled, how much arrived and which attempt of how many it is; when
 * the attempts are spent the error names the kept part file, which is still on disk to resume. The
 * downloader is the real one with a 2-second read timeout instead of 60 s (the window's own), so the test
 * takes seconds.
 */
@ExtendWith(ApplicationExtension.class)
class DownloadStallWindowTest {
    @TempDir
    Path dir;
    AppContext ctx;
    MinerViewModel miner;
    HttpServer stalling;
    final CountDownLatch release = new CountDownLatch(1);
    final byte[] file = new byte[100_000];

    @Start
    void start(Stage stage) throws IOException {
        new Random(7).nextBytes(file);
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        miner = new MinerViewModel(ctx);
        TestContexts.show(stage, new MinerView(miner), 1180, 1390);
        stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.setExecutor(Executors.newCachedThreadPool());
        stalling.createContext("/stall.gguf", exchange -> {
            long from = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null && range.startsWith("bytes=")) {
                from = Long.parseLong(range.substring(6, range.indexOf('-')));
            }
            if (from > 0) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, file.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                if (from == 0) {
                    out.write(file, 0, 4096);
                    out.flush();
                }
                release.await(60, TimeUnit.SECONDS); // then nothing, with the connection open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave the connection up: what a stall timeout does
            }
        });
        stalling.start();
    }

    @AfterEach
    void close() {
        release.countDown();
        stalling.stop(0);
        ctx.close();
    }

    @Test
    void aStalledDownloadIsToldInTheWindowAndItsPartIsKeptToResume(FxRobot robot) {
        Path models = dir.resolve("stall-models");
        ModelLibrary library = new ModelLibrary(ctx.db(), models,
                new ModelDownloader(HttpClient.newHttpClient(), 3, Duration.ofMillis(200), Duration.ofSeconds(2)));
        URI url = URI.create("http://127.0.0.1:" + stalling.getAddress().getPort() + "/stall.gguf");
        AtomicReference<String> failed = new AtomicReference<>();
        AtomicReference<CompletableFuture<Void>> started = new AtomicReference<>();
        // started as the window's Download button does, on the JavaFX thread that owns the screen's lines
        robot.interact(() -> started.set(miner.runDownload("Downloading...", (progress, cancel) -> library.download(url,
                Sha256.of(file), progress, cancel), failed::set)));
        CompletableFuture<Void> done = started.get();

        Await.until("the window says the connection stalled", () -> WindowReads.text(robot, "#miner-library-status")
                .startsWith("Connection stalled"));
        assertThat(WindowReads.text(robot, "#miner-library-status")).contains("4.0 KiB of 97.7 KiB received")
                .contains("trying again").containsPattern("attempt [1-3] of 3 without a byte")
                .doesNotContain("Exception").doesNotContain("null");

        done.join();
        assertThat(failed.get()).as("what the screen's error line is told").contains("failed after 3 attempts in a row without a byte")
                .contains("are kept in").contains("resumes from there").doesNotContain("Exception");
        try (var files = Files.walk(models)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part")).toList())
                    .as("the 4 KiB that arrived are kept for the next resume").singleElement()
                    .satisfies(p -> assertThat(Files.size(p)).isEqualTo(4096));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(WindowReads.text(robot, "#miner-library-status")).as("the stall line is not left after the failure").isEmpty();
    }
}
