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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.testmodels.ModelFiles;

/** The library against a real SQLite file and a real HTTP server on 127.0.0.1. */
class ModelLibraryTest {
    @TempDir
    Path home;
    @TempDir
    Path elsewhere;

    private Database db;
    private ModelLibrary library;
    private AppPaths paths;
    private HttpServer server;
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        paths = new AppPaths(home);
        db = Database.open(paths.database());
        library = new ModelLibrary(db, paths.models(),
                new ModelDownloader(java.net.http.HttpClient.newHttpClient(), 4, Duration.ofMillis(10)));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop(0);
        }
        db.close();
    }

    @Test
    void importsAFileUnderItsSha256AndKeepsItAcrossRestarts() throws IOException {
        Path source = ModelFiles.tinyMixtral();
        ModelRecord r = library.importFile(source);

        assertThat(r.id()).isEqualTo(Sha256.ofFile(source));
        assertThat(r.path()).isEqualTo(paths.models().resolve(r.id().hex() + ".gguf")).exists();
        assertThat(r.expertCount()).isEqualTo(4);
        assertThat(r.chatFamily()).isEqualTo(ChatFamily.MISTRAL);
        assertThat(library.importFile(source)).isEqualTo(r);

        db.close();
        db = Database.open(paths.database());
        ModelLibrary reopened = new ModelLibrary(db, paths.models(), ModelDownloader.withDefaults());
        assertThat(reopened.list()).containsExactly(r);
        assertThat(source).exists();
    }

    @Test
    void refusesATruncatedFileAndListsNothing() throws IOException {
        byte[] whole = Files.readAllBytes(ModelFiles.tinyLlama3());
        Path cut = Files.write(elsewhere.resolve("cut.gguf"), Arrays.copyOf(whole, whole.length * 3 / 4));
        assertThatThrownBy(() -> library.importFile(cut)).isInstanceOf(LibraryException.class)
                .hasMessageContaining("truncated");
        assertThat(library.list()).isEmpty();
        assertThat(cut).hasSize(whole.length * 3L / 4);
        try (var files = Files.list(paths.models())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesAFileThatIsNotGguf() throws IOException {
        Path text = Files.writeString(elsewhere.resolve("readme.gguf"), "hello");
        assertThatThrownBy(() -> library.importFile(text)).isInstanceOf(LibraryException.class)
                .hasMessageContaining("not a GGUF");
        assertThat(library.list()).isEmpty();
    }

    @Test
    void removesAModelAndItsFile() {
        ModelRecord r = library.importFile(ModelFiles.tinyLlama3());
        assertThat(library.remove(r.id())).isTrue();
        assertThat(library.list()).isEmpty();
        assertThat(r.path()).doesNotExist();
        assertThat(library.remove(r.id())).isFalse();
    }

    @Test
    void resumesADownloadWhoseConnectionDroppedMidway() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        AtomicInteger requests = new AtomicInteger();
        // request 1 reads the header (a Range request for the first megabytes), request 2 breaks
        serve(model, exchange -> requests.incrementAndGet() == 2 ? model.length / 3 : -1);
        AtomicLong lastDone = new AtomicLong();
        AtomicLong lastTotal = new AtomicLong();

        ModelRecord r = library.download(url(), Sha256.of(model), (done, total) -> {
            lastDone.set(done);
            lastTotal.set(total);
        });

        assertThat(requests.get()).isEqualTo(3);
        // the resume asks for what the client holds: what was sent before the drop, less whatever
        // the reset connection lost in flight
        assertThat(ranges).hasSize(3).startsWith("bytes=0-" + (ModelDownloader.HEADER_BYTES - 1), "");
        long resumedAt = Long.parseLong(ranges.get(2).replaceAll("bytes=(\\d+)-", "$1"));
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(model.length / 3);
        assertThat(Files.readAllBytes(r.path())).isEqualTo(model);
        assertThat(lastDone.get()).isEqualTo(model.length);
        assertThat(lastTotal.get()).isEqualTo(model.length);
        assertThat(library.list()).containsExactly(r);
        assertThat(r.source()).isEqualTo(url().toString());
    }

    @Test
    void discardsADownloadWithCorruptedBytesAndListsNothing() throws IOException {
        byte[] model = Files.readAllBytes(ModelFiles.tinyLlama3());
        byte[] corrupted = model.clone();
        corrupted[corrupted.length / 2] ^= 0x5a;
        serve(corrupted, exchange -> -1);

        assertThatThrownBy(() -> library.download(url(), Sha256.of(model), DownloadProgress.NONE))
                .isInstanceOfSatisfying(ChecksumMismatchException.class,
                        e -> assertThat(e.actual()).isEqualTo(Sha256.of(corrupted)));
        assertThat(library.list()).isEmpty();
        try (var files = Files.list(paths.models().resolve("downloads"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDownloadThatIsNotAModelIsRefusedEvenWithTheRightChecksum() throws IOException {
        byte[] page = "<html>not found</html>".getBytes();
        serve(page, exchange -> -1);
        assertThatThrownBy(() -> library.download(url(), Sha256.of(page), DownloadProgress.NONE))
                .isInstanceOf(LibraryException.class).hasMessageContaining("not a GGUF");
        assertThat(library.list()).isEmpty();
    }

    @Test
    void anHttpErrorIsReportedWithItsStatus() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        assertThatThrownBy(() -> library.download(url(), Sha256.of(new byte[1]), DownloadProgress.NONE))
                .isInstanceOf(LibraryException.class).hasMessageContaining("HTTP 404");
    }

    interface DropPolicy {
        /** Bytes to send before dropping the connection, or -1 to send everything. */
        int dropAfter(HttpExchange exchange);
    }

    /** Serves the bytes with Range support; drops the connection where the policy says. */
    private void serve(byte[] body, DropPolicy policy) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Pattern range = Pattern.compile("bytes=(\\d+)-(\\d*)");
        server.createContext("/model.gguf", exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(header == null ? "" : header);
            int from = 0;
            int end = body.length;
            boolean ranged = false;
            if (header != null) {
                Matcher m = range.matcher(header);
                if (m.matches()) {
                    ranged = true;
                    from = Integer.parseInt(m.group(1));
                    end = m.group(2).isEmpty() ? body.length : (int) Math.min(body.length, Long.parseLong(m.group(2)) + 1);
                }
            }
            if (ranged) {
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (end - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, end - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            int drop = policy.dropAfter(exchange);
            OutputStream out = exchange.getResponseBody();
            if (drop >= 0) {
                out.write(body, from, drop - from);
                out.flush();
                try {
                    Thread.sleep(100); // let the bytes reach the client before the connection is reset
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // ending the handler with an exception makes the server close the socket mid-body
                throw new IOException("dropping the connection on purpose");
            }
            out.write(body, from, end - from);
            out.close();
        });
        server.start();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.gguf");
    }
}
