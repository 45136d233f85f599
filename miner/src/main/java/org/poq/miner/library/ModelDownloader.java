package org.poq.miner.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.poq.core.Sha256;

/**
 * Downloads a file into a ".part" file, resuming with an HTTP Range request after a broken connection
 * (and across app restarts, since the part file stays), then checks its SHA-256 before anyone may use
 * it. A server that ignores Range is handled by starting over.
 */
public final class ModelDownloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final int maxAttempts;
    private final Duration retryDelay;

    public ModelDownloader(HttpClient client, int maxAttempts, Duration retryDelay) {
        this.client = client;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    public static ModelDownloader withDefaults() {
        return new ModelDownloader(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build(), 8, Duration.ofSeconds(2));
    }

    /** Downloads url into part and verifies it; on a checksum mismatch the part file is deleted. */
    public void download(URI url, Path part, Sha256 expected, DownloadProgress progress) {
        IOException last = null;
        boolean complete = false;
        for (int attempt = 1; attempt <= maxAttempts && !complete; attempt++) {
            try {
                complete = attempt(url, part, progress);
            } catch (IOException e) {
                last = e;
                pause();
            }
        }
        if (!complete) {
            throw new LibraryException("the download of " + url + " failed after " + maxAttempts + " attempts"
                    + (last != null ? ": " + last.getMessage() : ""), last);
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

    /** One request; true when the file is complete, an IOException when the connection broke. */
    private boolean attempt(URI url, Path part, DownloadProgress progress) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LibraryException("the download was interrupted");
        }
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
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            progress.update(have, total);
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                have += n;
                progress.update(have, total);
            }
        }
        if (total >= 0 && have < total) {
            throw new IOException("the connection closed after " + have + " of " + total + " bytes");
        }
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LibraryException("the download was interrupted");
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
