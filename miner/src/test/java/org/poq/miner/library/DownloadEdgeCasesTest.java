package org.poq.miner.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.testmodels.ModelFiles;

/** Downloads against a local server that misbehaves the ways real ones do. */
class DownloadEdgeCasesTest {
    private static final Pattern RANGE_START = Pattern.compile("bytes=(\\d+)-");

    @TempDir
    Path home;

    private Database db;
    private ModelLibrary library;
    private HttpServer server;
    private final AtomicLong bytesServed = new AtomicLong();

    @BeforeEach
    void open() {
        db = Database.open(new AppPaths(home).database());
        library = library(new AppPaths(home).models());
    }

    private ModelLibrary library(Path models) {
        return new ModelLibrary(db, models, new ModelDownloader(java.net.http.HttpClient.newHttpClient(), 3,
                Duration.ofMillis(10), Duration.ofMillis(800)));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop(0);
        }
        db.close();
    }

    @Test
    void aServerThatStallsMidBodyFailsInWordsKeepsThePartAndTheNextPullResumesFromIt() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        int sent = model.length / 2;
        start(exchange -> { // no Range support needed: the first pull is a plain 200 that stops half-way
            exchange.sendResponseHeaders(200, model.length);
            exchange.getResponseBody().write(model, 0, sent);
            exchange.getResponseBody().flush();
            sleep(60_000); // never sends the rest, never closes
        });
        List<String> retries = new CopyOnWriteArrayList<>();
        DownloadProgress watched = new DownloadProgress() {
            @Override
            public void update(long done, long total) {
            }

            @Override
            public void retrying(long done, long total, String reason, int attempt, int max) {
                retries.add(done + "/" + total + " " + reason + " " + attempt + "/" + max);
            }
        };
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> library.download(url(), Sha256.of(model), watched))
                .isInstanceOf(StalledDownloadException.class)
                .hasMessageContaining("failed after 3 attempts in a row without a byte")
                .hasMessageContaining("sent nothing for").hasMessageContaining("are kept in")
                .hasMessageContaining("resumes").hasMessageNotContaining("null");
        // each attempt ends 0.8 s after the last byte: 4 × (0.8 s + 10 ms), well inside this ceiling
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        // the stall is told to the face: the first retry after the half that arrived (it counts as progress),
        // then the server (no Range) sends the same half again, which is no progress: 3 such in a row end it
        assertThat(retries).hasSize(3);
        assertThat(retries.get(0)).startsWith(sent + "/" + model.length + " the server sent nothing for").endsWith(" 0/3");
        assertThat(retries.get(2)).endsWith(" 2/3");
        Path part = home.resolve("models/downloads/" + Sha256.of(model).hex() + ".part");
        assertThat(part).exists();
        assertThat(Files.size(part)).isEqualTo(sent);

        server.stop(0);
        bytesServed.set(0);
        startRanged(model);
        ModelRecord r = library.download(url(), Sha256.of(model), DownloadProgress.NONE);
        assertThat(r.id()).isEqualTo(Sha256.of(model));
        assertThat(bytesServed.get()).as("the second pull asks only for the rest").isEqualTo(model.length - sent);
        assertNoPartFiles();
    }

    @Test
    void attemptsThatBringBytesDoNotCountTowardsTheLimit() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        int chunk = model.length / 6 + 1; // six broken connections in a row, each bringing a sixth: more than 3 attempts
        start(exchange -> {
            int from = rangeStart(exchange);
            if (from > 0) {
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (model.length - 1) + "/" + model.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, model.length - from);
            int n = Math.min(chunk, model.length - from);
            exchange.getResponseBody().write(model, from, n);
            exchange.getResponseBody().flush();
            if (from + n < model.length) {
                sleep(60_000);
            }
        });
        ModelRecord r = library.download(url(), Sha256.of(model), DownloadProgress.NONE);
        assertThat(r.id()).isEqualTo(Sha256.of(model));
        assertNoPartFiles();
    }

    @Test
    void aServerThatAnswersEveryResumeWithAnUnaskedRangeFailsInTimeInsteadOfStartingOverForever() throws Exception {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        start(exchange -> {
            if (rangeStart(exchange) > 0) {
                exchange.sendResponseHeaders(206, 0); // a resume: 206 with no Content-Range and no body, kept open
            } else {
                exchange.sendResponseHeaders(200, model.length); // from the start: 4 KiB, then nothing
                exchange.getResponseBody().write(model, 0, 4096);
            }
            exchange.getResponseBody().flush();
            sleep(60_000);
        });
        // before: each resume's answer removed the part, the next attempt from the start brought the same 4 KiB
        // again and counted as progress, so the attempts never ran out (a pull still running after 60 s)
        CompletableFuture<Void> pull = CompletableFuture.runAsync(
                () -> library.download(url(), Sha256.of(model), DownloadProgress.NONE));
        assertThatThrownBy(() -> pull.get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StalledDownloadException.class)
                .cause().hasMessageContaining("failed after 3 attempts in a row without a byte")
                .hasMessageNotContaining("null");
    }

    @Test
    void aServerThatDisappearsIsNamedNotNull() throws IOException {
        start(exchange -> exchange.sendResponseHeaders(500, -1));
        URI gone = url();
        server.stop(0);
        server = null;
        assertThatThrownBy(() -> library.download(gone, Sha256.of(new byte[1]), DownloadProgress.NONE))
                .isInstanceOf(LibraryException.class).hasMessageContaining("could not be reached")
                .hasMessageNotContaining("null");
        assertNoPartFiles();
    }

    /** Attack on the user's bandwidth and disk: a file that is not a model is refused from its first bytes. */
    @Test
    void aFileTheEngineCannotRunIsRefusedFromItsHeaderBeforeTheWholeFetch() throws IOException {
        byte[] notAModel = new byte[40 << 20]; // 40 MB of zeros, served with Range support
        startRanged(notAModel);
        // a patient read timeout: on a loaded machine a 0.8 s stall would skip the header check (by design)
        ModelLibrary patient = new ModelLibrary(db, new AppPaths(home).models(), new ModelDownloader(
                java.net.http.HttpClient.newHttpClient(), 3, Duration.ofMillis(10), Duration.ofSeconds(30)));
        assertThatThrownBy(() -> patient.download(url(), Sha256.of(notAModel), DownloadProgress.NONE))
                .isInstanceOf(LibraryException.class).hasMessageContaining("refused before downloading it")
                .hasMessageContaining("not a GGUF");
        assertThat(bytesServed.get()).isLessThanOrEqualTo(ModelDownloader.HEADER_BYTES);
        assertNoPartFiles();
    }

    @Test
    void aWrongHashRemovesTheFileAndListsNothing() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        startRanged(model);
        assertThatThrownBy(() -> library.download(url(), Sha256.of(new byte[] {1}), DownloadProgress.NONE))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(library.list()).isEmpty();
        assertNoPartFiles();
    }

    @Test
    void aListedModelWhoseFileWasDeletedIsDownloadedAgain() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        startRanged(model);
        ModelRecord first = library.download(url(), Sha256.of(model), DownloadProgress.NONE);
        Files.delete(first.path());
        ModelRecord again = library.download(url(), Sha256.of(model), DownloadProgress.NONE);
        assertThat(Files.readAllBytes(again.path())).isEqualTo(model);
    }

    @Test
    void cancelStopsARunningDownloadAndRemovesThePart() throws Exception {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        CountDownLatch sending = new CountDownLatch(1);
        start(exchange -> {
            exchange.sendResponseHeaders(200, model.length);
            exchange.getResponseBody().write(model, 0, 100);
            exchange.getResponseBody().flush();
            sending.countDown();
            sleep(60_000);
        });
        ModelLibrary patient = new ModelLibrary(db, new AppPaths(home).models(), new ModelDownloader(
                java.net.http.HttpClient.newHttpClient(), 3, Duration.ofMillis(10), Duration.ofMinutes(5)));
        DownloadCancel cancel = new DownloadCancel();
        Thread canceller = new Thread(() -> {
            try {
                sending.await(30, TimeUnit.SECONDS);
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                // the assertion below fails if the cancel never came
            }
            cancel.cancel();
        });
        canceller.start();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> patient.download(url(), Sha256.of(model), DownloadProgress.NONE, cancel))
                .isInstanceOf(LibraryException.class).hasMessage("the download was cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertNoPartFiles();
    }

    /**
     * A server that accepts the connection and never sends a response header: the cancel button must end
     * the download at once, not after the request timeout (here five minutes), whether the wait is in the
     * first header check or in a resumed transfer.
     */
    @Test
    void cancelEndsADownloadStillWaitingForTheServersAnswerAndRemovesThePart() throws Exception {
        Path models = new AppPaths(home).models();
        try (SilentServer silent = new SilentServer()) {
            ModelDownloader patient = new ModelDownloader(java.net.http.HttpClient.newHttpClient(), 3, Duration.ofMillis(10),
                    Duration.ofMinutes(5));
            Sha256 anyHash = Sha256.of(new byte[] {1});
            Path fresh = models.resolve("fresh.gguf.part");
            Path resumed = models.resolve("resumed.gguf.part");
            Files.createDirectories(models);
            Files.write(resumed, new byte[100]); // a part file from before: the resumed request is the one that waits
            for (Path part : List.of(fresh, resumed)) {
                DownloadCancel cancel = new DownloadCancel();
                long[] cancelledAt = new long[1];
                Thread canceller = silent.cancelOnceConnected(cancel, cancelledAt);
                assertThatThrownBy(() -> patient.download(silent.url("/model.gguf"), part, anyHash, DownloadProgress.NONE, cancel))
                        .isInstanceOf(LibraryException.class).hasMessage("the download was cancelled");
                long returnedAt = System.nanoTime();
                canceller.join();
                assertThat(Duration.ofNanos(returnedAt - cancelledAt[0])).as(part.getFileName().toString())
                        .isLessThan(Duration.ofSeconds(2));
                assertThat(part).doesNotExist();
            }
            assertNoPartFiles();
        }
    }

    @Test
    void aFullDiskIsSaidInWordsWithoutRetriesAndLeavesNoPartFile() throws Exception {
        Path small = home.resolve("small-disk");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "this test needs to mount a small tmpfs (root in a container)");
        try {
            ModelLibrary onSmallDisk = library(small);
            // declared size larger than the free space: refused before the body is fetched
            byte[] big = new byte[3 << 20];
            System.arraycopy(Files.readAllBytes(ModelFiles.tinyLlama3()), 0, big, 0, 64);
            startRanged(big);
            assertThatThrownBy(() -> onSmallDisk.download(url(), Sha256.of(big), DownloadProgress.NONE))
                    .isInstanceOf(LibraryException.class)
                    .hasMessageMatching("not enough free space: the model needs 67\\.0 MiB and .* has \\d+\\.\\d (KiB|MiB) free");
            server.stop(0);
            // no declared size (chunked): the write fails and says so, once
            start(exchange -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(big);
                }
            });
            assertThatThrownBy(() -> onSmallDisk.download(url(), Sha256.of(big), DownloadProgress.NONE))
                    .isInstanceOf(LibraryException.class).hasMessageContaining("the disk is full")
                    .hasMessageNotContaining("attempts");
            try (Stream<Path> files = Files.walk(small)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void theFreeSpaceCheckDoesNotCountItsOwnHeadFile() throws Exception {
        Path small = home.resolve("small-disk");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "this test needs to mount a small tmpfs (root in a container)");
        try {
            // 24 MiB + 64 MiB spare = 88 MiB needed of 96 MiB: it fits, but not if the 16 MiB head file counted
            byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
            byte[] padded = Arrays.copyOf(model, 24 << 20);
            startRanged(padded);
            ModelRecord r = library(small).download(url(), Sha256.of(padded), DownloadProgress.NONE);
            assertThat(r.id()).isEqualTo(Sha256.of(padded));
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void aHeadFileLeftByAKilledPullIsRemovedByTheNextOne() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        Path downloads = Files.createDirectories(home.resolve("models/downloads"));
        // a pull killed during the header check (kill -9: no exit hook ran) left both files behind
        Files.write(downloads.resolve(Sha256.of(model).hex() + ".part"), Arrays.copyOf(model, 100));
        Files.write(downloads.resolve(Sha256.of(model).hex() + ".part.head"), new byte[1 << 20]);
        startRanged(model);
        library.download(url(), Sha256.of(model), DownloadProgress.NONE);
        assertNoPartFiles();
    }

    @Test
    void endingThePullDuringTheHeaderCheckAsCtrlCDoesLeavesNoHeadFile() throws Exception {
        start(exchange -> { // the header check's first megabyte, then nothing: the child is still checking
            exchange.getResponseHeaders().add("Content-Range", "bytes 0-" + (ModelDownloader.HEADER_BYTES - 1) + "/" + (1L << 30));
            exchange.sendResponseHeaders(206, ModelDownloader.HEADER_BYTES);
            exchange.getResponseBody().write(new byte[1 << 20]);
            exchange.getResponseBody().flush();
            sleep(120_000);
        });
        Path part = Files.createDirectories(home.resolve("child")).resolve("model.part");
        Path head = part.resolveSibling("model.part.head");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HeadCheckChild.class.getName(), url().toString(),
                part.toString()).redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(head) && Files.size(head) >= 1 << 20) && System.nanoTime() < deadline && child.isAlive()) {
                sleep(50);
            }
            assertThat(head).as("the child is in its header check").exists();
            child.destroy(); // SIGTERM: the JVM's exit hooks run, as on Ctrl-C's SIGINT
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(head).doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".head"))).isEmpty();
        }
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** The first byte a request's Range header asks for ("bytes=N-"), 0 without one. */
    private static int rangeStart(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = header == null ? null : RANGE_START.matcher(header);
        return m != null && m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/model.gguf", exchange -> {
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private void startRanged(byte[] body) throws IOException {
        Pattern range = Pattern.compile("bytes=(\\d+)-(\\d*)");
        start(exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Range");
            int from = 0;
            int end = body.length;
            Matcher m = header == null ? null : range.matcher(header);
            if (m != null && m.matches()) {
                from = Integer.parseInt(m.group(1));
                end = m.group(2).isEmpty() ? body.length : (int) Math.min(body.length, Long.parseLong(m.group(2)) + 1);
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (end - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, end - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            bytesServed.addAndGet(end - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, end - from);
            }
        });
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.gguf");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
