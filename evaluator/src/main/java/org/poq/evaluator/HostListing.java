package org.poq.evaluator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.poq.core.Sha256;
import org.poq.core.hub.HubListing.HostedFile;
import org.poq.core.hub.HubListing;

/**
 * Reads the SHA-256 of a catalog file from the model host's own listing (the Hugging Face model API,
 * read by core's {@link HubListing}, which the miner uses too) before a download starts, for catalog
 * entries pinned to a revision but not to hashes. A large (LFS) file's listing carries its SHA-256 and
 * size; a small file kept in git carries only its git blob id, so that file is fetched, checked against
 * the blob id, and its SHA-256 taken from the checked bytes. The SHA-256 then goes to the normal
 * resumable, hash-checked download, so a file served differently from what the host lists is discarded.
 * Anything the listing does not vouch for is refused in plain words.
 */
public final class HostListing {
    /** Larger than any tokenizer.json; a git-stored file above it is refused rather than read into memory. */
    static final long MAX_GIT_FILE_BYTES = 64L << 20;

    /** The SHA-256 the host vouches for, the size it lists, and how the hash was obtained (recorded with the package). */
    public record Published(Sha256 sha256, long size, String how) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final HubListing hub;

    public HostListing(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        this.hub = new HubListing(client, timeout);
    }

    public static HostListing withDefaults() {
        return new HostListing(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build(), Duration.ofSeconds(60));
    }

    /** The parts of a Hugging Face style file URL, or an error that says which URLs are supported. */
    static HostedFile hosted(URI url) throws InvalidEvaluatorException {
        return HostedFile.parse(url).orElseThrow(() -> new InvalidEvaluatorException("cannot read a hash for " + url
                + " from the host: only Hugging Face style URLs (<host>/<repo>/resolve/<revision>/<file>) are supported"));
    }

    /**
     * The published hash of every file of the entry that the catalog does not pin, read at the entry's
     * revision (a full commit id, also the revision in each URL).
     */
    public Map<String, Published> read(EvaluatorCatalog.Entry entry) throws IOException {
        Map<String, Published> out = new LinkedHashMap<>();
        Map<URI, HubListing.Listing> listings = new LinkedHashMap<>();
        for (EvaluatorCatalog.CatalogFile f : entry.files()) {
            if (f.sha256().isPresent()) {
                continue;
            }
            HostedFile file = hosted(f.url());
            if (!file.revision().equals(entry.revision())) {
                throw new InvalidEvaluatorException("catalog entry " + entry.name() + ": " + f.name() + " is at revision "
                        + file.revision() + ", not at the entry's revision " + entry.revision());
            }
            HubListing.Listing listing = listings.get(file.listing());
            if (listing == null) {
                listing = fetchListing(file);
                listings.put(file.listing(), listing);
            }
            out.put(f.name(), published(entry, f, file, listing));
        }
        return out;
    }

    private HubListing.Listing fetchListing(HostedFile file) throws IOException {
        HubListing.Listing listing;
        try {
            listing = hub.read(file);
        } catch (HubListing.NotListed e) {
            throw new InvalidEvaluatorException(e.getMessage() + (e.status() == 200 ? "" : ", so the file hashes cannot be checked")
                    + "; nothing was downloaded", e);
        } catch (IOException e) {
            throw unreachable(file.listing(), e);
        }
        if (!listing.commit().equalsIgnoreCase(file.revision())) {
            throw new InvalidEvaluatorException("the model host's listing of " + file.repo() + " is for revision "
                    + (listing.commit().isEmpty() ? "(none given)" : listing.commit()) + ", not the pinned " + file.revision()
                    + "; nothing was downloaded");
        }
        return listing;
    }

    private Published published(EvaluatorCatalog.Entry entry, EvaluatorCatalog.CatalogFile f, HostedFile file,
                                HubListing.Listing listing) throws IOException {
        String where = file.where();
        HubListing.ListedFile listed = listing.find(file.path()).orElseThrow(() -> new InvalidEvaluatorException(
                "the model host lists no " + file.path() + " in " + where + "; nothing was downloaded"));
        Published p;
        if (listed.lfsSha256().isPresent()) {
            p = new Published(listed.lfsSha256().get(), listed.size(),
                    "SHA-256 from the host's listing of " + where + " (large-file storage)");
        } else if (listed.blobId().isPresent()) {
            p = gitFile(f, file, listed.size(), listed.blobId().get(), where);
        } else {
            throw new InvalidEvaluatorException("the model host publishes no hash for " + file.path() + " in " + where
                    + ", so it cannot be checked and was not downloaded; pin its SHA-256 in the catalog or import the files yourself");
        }
        if (f.size() > 0 && p.size() != f.size()) {
            throw new InvalidEvaluatorException("catalog entry " + entry.name() + ": " + f.name() + " is " + f.size()
                    + " bytes in the catalog but " + p.size() + " bytes in the host's listing of " + where + "; nothing was downloaded");
        }
        return p;
    }

    /** A file stored in git: fetched whole, checked against the listed blob id, hashed with SHA-256. */
    private Published gitFile(EvaluatorCatalog.CatalogFile f, HostedFile file, long size, String blobId, String where) throws IOException {
        if (size < 0 || size > MAX_GIT_FILE_BYTES) {
            throw new InvalidEvaluatorException("the model host lists " + file.path() + " in " + where + " with "
                    + (size < 0 ? "no size" : size + " bytes, more than the " + MAX_GIT_FILE_BYTES + " a git-stored file may have")
                    + "; nothing was downloaded");
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(f.url()).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidEvaluatorException("reading the model host's listing was interrupted");
        } catch (IOException e) {
            throw unreachable(f.url(), e);
        }
        if (response.statusCode() != 200) {
            throw new InvalidEvaluatorException("the model host refused " + f.url() + " (HTTP " + response.statusCode() + ")");
        }
        byte[] body = response.body();
        if (body.length != size || !HubListing.gitBlobId(body).equals(blobId)) {
            throw new InvalidEvaluatorException("the model host served " + file.path() + " from " + where
                    + " with other bytes than its listing names (git blob " + blobId + "); it was discarded and nothing was installed");
        }
        return new Published(Sha256.of(body), size, "SHA-256 of the bytes matching git blob " + blobId + " in the host's listing of " + where);
    }

    private static InvalidEvaluatorException unreachable(URI url, IOException e) {
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return new InvalidEvaluatorException("reading the model host's listing was interrupted", e);
        }
        return new InvalidEvaluatorException("the model host could not be reached at " + url.getAuthority() + " ("
                + (e.getMessage() == null ? "no answer" : e.getMessage()) + "); nothing was downloaded", e);
    }
}
