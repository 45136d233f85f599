package org.poq.miner.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.poq.core.ByteSizes;
import org.poq.core.Sha256;
import org.poq.miner.gguf.GgufException;
import org.poq.miner.gguf.GgufReader;
import org.poq.miner.gguf.ModelMetadata;

/**
 * Downloads a file into a ".part" file, resuming with an HTTP Range request after a broken connection,
 * then checks its SHA-256 before anyone may use it. A server that ignores Range is handled by
 * starting over. Before the whole file is fetched, its first megabytes are read with a Range request:
 * a file the engine cannot run (not GGUF, an architecture or tensor type this llama.cpp does not
 * know) is refused then, and the free space is checked against the size the server declared. A
 * server that stops sending without closing counts as a broken connection after the read timeout.
 * The attempts count those in a row that brought no new byte (none past the most the part file ever held), so a
 * server that stalls, or makes the download start over and sends the same bytes again, fails the download
 * at most attempts × (read timeout + retry delay) after its last byte; what arrived stays in the part
 * file ({@link StalledDownloadException}) and the next download of the same file resumes from it.
 * Whatever else ends a download without a verified file (refusal, full disk, a wrong hash, a cancel)
 * removes the part file.
 */
public final class ModelDownloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** Bytes read first to check the header: Llama 3's 128k-token vocabulary and merges fit in 16 MB. */
    static final int HEADER_BYTES = 16 << 20;
    /** Room left on the disk beyond the file itself. */
    static final long SPARE_BYTES = 64L << 20;

    private final HttpClient client;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final Duration readTimeout;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "poq-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    public ModelDownloader(HttpClient client, int maxAttempts, Duration retryDelay) {
        this(client, maxAttempts, retryDelay, Duration.ofSeconds(60));
    }

    /** @param readTimeout how long a connection may go without a byte before it counts as broken */
    public ModelDownloader(HttpClient client, int maxAttempts, Duration retryDelay, Duration readTimeout) {
        this.client = client;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
        this.readTimeout = readTimeout;
    }

    public static ModelDownloader withDefaults() {
        return new ModelDownloader(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build(), 8, Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    /** Downloads url into part and verifies it; on a checksum mismatch the part file is deleted. */
    public void download(URI url, Path part, Sha256 expected, DownloadProgress progress) {
        download(url, part, expected, progress, new DownloadCancel());
    }

    /** As above, stoppable; on a failure the part file is deleted, except after a stall (it is kept to resume). */
    public void download(URI url, Path part, Sha256 expected, DownloadProgress progress, DownloadCancel cancel) {
        try {
            fetch(url, part, expected, progress, cancel);
        } catch (StalledDownloadException e) {
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
    }

    private void fetch(URI url, Path part, Sha256 expected, DownloadProgress progress, DownloadCancel cancel) {
        deleteQuietly(part.resolveSibling(part.getFileName() + ".head")); // left by a process killed mid-check
        if (!Files.exists(part)) {
            preflight(url, part, cancel);
        }
        IOException last = null;
        boolean complete = false;
        long[] total = {-1};
        // the most of the file the part has ever held: an attempt counts as progress only when it goes past it, so a
        // server that makes the download start over (a range not asked for removes the part) and then sends the
        // same first bytes again cannot keep the attempts from running out
        long reached = sizeOf(part);
        for (int attempt = 1; attempt <= maxAttempts && !complete; attempt++) {
            checkCancel(cancel);
            try {
                complete = attempt(url, part, progress, cancel, total);
            } catch (IOException e) {
                checkCancel(cancel);
                last = e;
                if (sizeOf(part) > reached) {
                    reached = sizeOf(part);
                    attempt = 0; // new bytes arrived: only attempts in a row that bring nothing new count
                }
                if (attempt < maxAttempts) {
                    progress.retrying(sizeOf(part), total[0], describe(e), attempt, maxAttempts);
                    pause();
                }
            }
        }
        if (!complete) {
            long have = sizeOf(part);
            String kept = have > 0 ? "; the " + ByteSizes.format(have)
                    + (total[0] > 0 ? " of " + ByteSizes.format(total[0]) : "") + " received are kept in " + part
                    + " and the same download resumes from there" : "";
            throw new StalledDownloadException("the download of " + url + " failed after " + maxAttempts
                    + " attempts in a row without a byte (" + describe(last) + ")" + kept, part, last);
        }
        Sha256 actual;
        try {
            actual = Sha256.ofFile(part);
        } catch (IOException e) {
            throw new LibraryException("cannot read the downloaded file " + part + ": " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            deleteQuietly(part);
            throw new ChecksumMismatchException(expected, actual);
        }
    }

    /**
     * Reads the first megabytes with a Range request: refuses a file the engine cannot run and a file
     * larger than the free space, before anything big is fetched. A server without Range support
     * skips the header check (the whole file is checked once downloaded).
     */
    private void preflight(URI url, Path part, DownloadCancel cancel) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout)
                .header("Range", "bytes=0-" + (HEADER_BYTES - 1)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = send(request, cancel);
        } catch (IOException e) {
            return; // the download's own retries report an unreachable server
        }
        int status = response.statusCode();
        if (status != 206) {
            closeQuietly(response.body());
            if (status >= 400) {
                throw new LibraryException("the server refused the download of " + url + " (HTTP " + status + ")");
            }
            return;
        }
        Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        long total = m.matches() && !m.group(3).equals("*") ? Long.parseLong(m.group(3)) : -1;
        Path head = part.resolveSibling(part.getFileName() + ".head");
        // a Ctrl-C ends the JVM without this method's finally: the exit hook removes the head file then
        head.toFile().deleteOnExit();
        try {
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(head)) {
                copyWatched(in, out, HEADER_BYTES, n -> { }, cancel);
            }
            if (total > 0) {
                requireSpace(part, total, Files.size(head)); // the head file is deleted before the body comes
                // parts 2.. of a split model carry tensors only: their header is checked, the model's is in part 1
                boolean laterPart = isLaterSplitPart(url);
                GgufReader.readPrefix(head, total).ifPresent(f -> {
                    if (!laterPart) {
                        ModelMetadata.of(f);
                    }
                });
            }
        } catch (GgufException e) {
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            throw new LibraryException("refused before downloading it: "
                    + e.getMessage().replace(head.getFileName().toString(), name.isEmpty() ? "the file" : name), e);
        } catch (IOException e) {
            // a broken first read is retried by the download itself
        } finally {
            deleteQuietly(head);
        }
    }

    private static boolean isLaterSplitPart(URI url) {
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        Matcher m = Pattern.compile(".*-(\\d{5})-of-\\d{5}\\.gguf").matcher(name);
        return m.matches() && Integer.parseInt(m.group(1)) > 1;
    }

    /** @param releasing bytes on this disk that are freed before the download needs the room (the head file) */
    private static void requireSpace(Path part, long total, long releasing) throws IOException {
        FileStore store = Files.getFileStore(part.getParent());
        long have = Files.exists(part) ? Files.size(part) : 0;
        long needed = total - have + SPARE_BYTES;
        long free = store.getUsableSpace() + releasing;
        if (free < needed) {
            throw new LibraryException("not enough free space: the model needs " + ByteSizes.format(needed) + " and "
                    + part.getParent() + " has " + ByteSizes.format(free) + " free");
        }
    }

    /** One request; true when the file is complete, an IOException when the connection broke. */
    private boolean attempt(URI url, Path part, DownloadProgress progress, DownloadCancel cancel, long[] totalSeen)
            throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        // the request timeout covers only the wait for the headers; the body is watched by copyWatched
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(readTimeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), cancel);
        int status = response.statusCode();
        long total;
        boolean append;
        if (status == 206) {
            Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                response.body().close();
                deleteQuietly(part); // a range we did not ask for: trust nothing and start over
                throw new IOException("the server answered with another range than asked");
            }
            total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            append = true;
        } else if (status == 200) {
            total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            append = false;
            have = 0;
        } else if (status == 416 && have > 0) {
            response.body().close();
            return true; // nothing left to send: the part file is whole; the checksum decides
        } else {
            response.body().close();
            throw new LibraryException("the server refused the download of " + url + " (HTTP " + status + ")");
        }
        totalSeen[0] = total;
        if (total > 0) {
            requireSpace(part, append ? total : total + (Files.exists(part) ? Files.size(part) : 0), 0);
        }
        long start = have;
        long[] got = {have};
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            progress.update(have, total);
            long totalFinal = total;
            copyWatched(in, out, Long.MAX_VALUE, n -> {
                got[0] = start + n;
                progress.update(got[0], totalFinal);
            }, cancel);
        } catch (DiskFullException e) {
            throw new LibraryException("the disk is full: " + part.getParent() + " has no room for the rest of the "
                    + "model" + (total > 0 ? " (" + ByteSizes.format(total) + ")" : ""), e);
        }
        have = got[0];
        if (total >= 0 && have < total) {
            throw new IOException("the connection closed after " + have + " of " + total + " bytes");
        }
        return true;
    }

    /**
     * Sends a request and waits for the response headers, or for a cancel: a server that accepts the
     * connection and never answers would otherwise hold the download until the request timeout, whatever
     * the user pressed. A cancel aborts the exchange (the JDK closes its connection) and ends the wait at once.
     */
    private HttpResponse<InputStream> send(HttpRequest request, DownloadCancel cancel) throws IOException {
        CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        cancel.onCancel(() -> pending.cancel(true));
        try {
            return pending.get();
        } catch (CancellationException e) {
            throw new LibraryException("the download was cancelled");
        } catch (ExecutionException e) {
            checkCancel(cancel);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new LibraryException("the download was interrupted");
        } finally {
            cancel.onCancel(() -> { });
        }
    }

    /**
     * Copies up to max bytes; a read that waits longer than the read timeout, or a cancel, closes the
     * stream, which ends the blocked read with an IOException (a broken connection, retried).
     */
    private void copyWatched(InputStream in, OutputStream out, long max, LongConsumer copied,
                             DownloadCancel cancel) throws IOException {
        long[] lastByte = {System.nanoTime()};
        cancel.onCancel(() -> closeQuietly(in));
        ScheduledFuture<?> check = watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastByte[0] > readTimeout.toNanos()) {
                closeQuietly(in);
            }
        }, 100, Math.max(100, readTimeout.toMillis() / 4), TimeUnit.MILLISECONDS);
        try {
            byte[] buffer = new byte[1 << 16];
            long n = 0;
            int r;
            while (n < max && (r = in.read(buffer, 0, (int) Math.min(buffer.length, max - n))) > 0) {
                lastByte[0] = System.nanoTime();
                try {
                    out.write(buffer, 0, r);
                } catch (IOException e) {
                    throw new DiskFullException(e);
                }
                n += r;
                copied.accept(n);
            }
            if (System.nanoTime() - lastByte[0] > readTimeout.toNanos()) {
                throw new IOException("the server sent nothing for " + readTimeout.toSeconds() + " s");
            }
        } catch (IOException e) {
            checkCancel(cancel);
            if (e instanceof DiskFullException) {
                throw e;
            }
            if (System.nanoTime() - lastByte[0] > readTimeout.toNanos()) {
                throw new IOException("the server sent nothing for " + readTimeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            check.cancel(false);
            cancel.onCancel(() -> { });
        }
    }

    /** A write failed: out of space or another local error, never worth a retry. */
    private static final class DiskFullException extends IOException {
        DiskFullException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static void checkCancel(DownloadCancel cancel) {
        if (cancel.isCancelled()) {
            throw new LibraryException("the download was cancelled");
        }
    }

    /** A broken connection in words: the JDK sometimes gives an exception without a message. */
    static String describe(IOException e) {
        if (e == null) {
            return "no answer from the server";
        }
        if (e instanceof ConnectException) {
            return "the server could not be reached (" + (e.getMessage() != null ? e.getMessage() : "connection refused") + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "the server did not answer in time";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getCause() instanceof IOException c && c.getMessage() != null ? c.getMessage()
                    : "the connection to the server broke";
        }
        return m;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how a stalled read is ended; a failure to close changes nothing
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LibraryException("the download was interrupted");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless; it is overwritten next time
        }
    }
}
