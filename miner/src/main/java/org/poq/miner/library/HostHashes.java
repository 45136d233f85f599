package org.poq.miner.library;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.poq.core.Sha256;
import org.poq.core.hub.HubListing;

/**
 * Reads the SHA-256 a model host publishes for a file, for a download given without a hash (a catalog
 * entry nobody has pinned yet, a pasted URL). Hugging Face answers a HEAD on a {@code resolve} URL of
 * an LFS file with {@code X-Linked-ETag} (the LFS oid, which is the file's SHA-256) and
 * {@code X-Linked-Size} on its redirect; its API lists the same under
 * {@code /api/models/REPO/revision/REV?blobs=true}, read by core's {@link HubListing} (the evaluator's too). Nothing else counts: a plain ETag is a git hash or
 * a CDN tag, not a SHA-256 of the content. A host that publishes neither is refused in words.
 */
public final class HostHashes {

    /** What the host published for the file, and where it was read. */
    public record HostFile(Sha256 sha256, OptionalLong size, String readFrom) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final HubListing hub;

    /** @param client should not follow redirects: Hugging Face puts the headers on the redirect itself */
    public HostHashes(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        this.hub = new HubListing(client, timeout);
    }

    public static HostHashes withDefaults() {
        return new HostHashes(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20)).build(), Duration.ofSeconds(30));
    }

    /** The published SHA-256 of the file at url, or a {@link LibraryException} that says why there is none. */
    public HostFile read(URI url) {
        return read(url, new DownloadCancel());
    }

    /**
     * As above, stoppable: a cancel interrupts the reading thread, which makes the JDK's client abort
     * a request still waiting for the host's answer (the read is the first step of a pull, and a
     * host that accepts and never answers must not hold the cancel button for the request timeout).
     */
    public HostFile read(URI url, DownloadCancel cancel) {
        Thread reader = Thread.currentThread();
        cancel.onCancel(reader::interrupt);
        try {
            return readPublished(url);
        } catch (LibraryException e) {
            if (cancel.isCancelled()) {
                throw new LibraryException("the download was cancelled", e);
            }
            throw e;
        } finally {
            cancel.onCancel(() -> { });
            if (cancel.isCancelled()) {
                Thread.interrupted(); // the interrupt was the cancel's, not the caller's
            }
        }
    }

    private HostFile readPublished(URI url) {
        String file = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        IOException unreachable = null;
        try {
            Optional<HostFile> head = fromHead(url);
            if (head.isPresent()) {
                return head.get();
            }
        } catch (IOException e) {
            unreachable = e;
        }
        try {
            Optional<HostFile> api = fromApi(url);
            if (api.isPresent()) {
                return api.get();
            }
        } catch (IOException e) {
            unreachable = unreachable == null ? e : unreachable;
        }
        if (unreachable != null) {
            throw new LibraryException("cannot read the SHA-256 of " + file + " from its host: "
                    + ModelDownloader.describe(unreachable), unreachable);
        }
        throw new LibraryException("the host of " + file + " publishes no SHA-256 for it (no X-Linked-ETag header and "
                + "no LFS entry in its API), so the download could not be verified and was not started: "
                + "give the file's SHA-256 (64 hex digits) with --sha256");
    }

    private Optional<HostFile> fromHead(URI url) throws IOException {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(url).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() >= 400) {
            return Optional.empty();
        }
        HttpHeaders h = r.headers();
        return h.firstValue("X-Linked-ETag").flatMap(HubListing::sha256OfEtag).map(sha -> new HostFile(sha,
                size(h.firstValue("X-Linked-Size").orElse(null)), "X-Linked-ETag of " + url));
    }

    private Optional<HostFile> fromApi(URI url) throws IOException {
        Optional<HubListing.HostedFile> file = HubListing.HostedFile.parse(url);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        HubListing.Listing listing;
        try {
            listing = hub.read(file.get());
        } catch (HubListing.NotListed e) {
            return Optional.empty(); // an error page or not the API we know: no hash from it
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(); // the listing reader was interrupted (a cancel), not a socket timeout
            }
            throw e;
        }
        return listing.find(file.get().path()).flatMap(f -> f.lfsSha256().map(sha -> new HostFile(sha,
                f.size() >= 0 ? OptionalLong.of(f.size()) : OptionalLong.empty(), "LFS entry of " + listing.url())));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return client.send(request, body);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    private static LibraryException interrupted() {
        Thread.currentThread().interrupt();
        return new LibraryException("reading the file's SHA-256 from its host was interrupted");
    }

    private static OptionalLong size(String value) {
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
