package org.poq.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.poq.core.Sha256;

/**
 * Reads the SHA-256 of a catalog file from the model host's own listing (the Hugging Face model API,
 * {@code /api/models/<repo>/revision/<commit>?blobs=true}) before a download starts, for catalog entries
 * pinned to a revision but not to hashes. A large (LFS) file's listing carries its SHA-256 and size; a
 * small file kept in git carries only its git blob id (a SHA-1 over "blob <size>\0" and the bytes), so
 * that file is fetched, checked against the blob id, and its SHA-256 taken from the checked bytes. The
 * SHA-256 then goes to the normal resumable, hash-checked download, so a file served differently from
 * what the host lists is discarded. Anything the listing does not vouch for is refused in plain words.
 */
public final class HostListing {
    /** Larger than any tokenizer.json; a git-stored file above it is refused rather than read into memory. */
    static final long MAX_GIT_FILE_BYTES = 64L << 20;

    /** The SHA-256 the host vouches for, the size it lists, and how the hash was obtained (recorded with the package). */
    public record Published(Sha256 sha256, long size, String how) {
    }

    /** A file URL of the form {@code <host>/<repo>/resolve/<revision>/<path>}. */
    record HostedFile(URI base, String repo, String revision, String path) {
        static HostedFile parse(URI url) throws InvalidEvaluatorException {
            String p = url.getRawPath();
            int at = p == null ? -1 : p.indexOf("/resolve/");
            if (at <= 1) {
                throw new InvalidEvaluatorException("cannot read a hash for " + url + " from the host: only Hugging Face style URLs "
                        + "(<host>/<repo>/resolve/<revision>/<file>) are supported");
            }
            String rest = p.substring(at + "/resolve/".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new InvalidEvaluatorException("the URL " + url + " names no revision and file after /resolve/");
            }
            return new HostedFile(URI.create(url.getScheme() + "://" + url.getRawAuthority()), p.substring(1, at),
                    decode(rest.substring(0, slash)), decode(rest.substring(slash + 1)));
        }

        URI listing() {
            return base.resolve("/api/models/" + repo + "/revision/" + revision + "?blobs=true");
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    public HostListing(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public static HostListing withDefaults() {
        return new HostListing(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build(), Duration.ofSeconds(60));
    }

    /**
     * The published hash of every file of the entry that the catalog does not pin, read at the entry's
     * revision (a full commit id, also the revision in each URL).
     */
    public Map<String, Published> read(EvaluatorCatalog.Entry entry) throws IOException {
        Map<String, Published> out = new LinkedHashMap<>();
        Map<URI, JsonNode> listings = new LinkedHashMap<>();
        for (EvaluatorCatalog.CatalogFile f : entry.files()) {
            if (f.sha256().isPresent()) {
                continue;
            }
            HostedFile hosted = HostedFile.parse(f.url());
            if (!hosted.revision().equals(entry.revision())) {
                throw new InvalidEvaluatorException("catalog entry " + entry.name() + ": " + f.name() + " is at revision "
                        + hosted.revision() + ", not at the entry's revision " + entry.revision());
            }
            JsonNode listing = listings.get(hosted.listing());
            if (listing == null) {
                listing = fetchListing(hosted);
                listings.put(hosted.listing(), listing);
            }
            out.put(f.name(), published(entry, f, hosted, listing));
        }
        return out;
    }

    private JsonNode fetchListing(HostedFile hosted) throws IOException {
        HttpResponse<byte[]> response = get(hosted.listing());
        if (response.statusCode() != 200) {
            throw new InvalidEvaluatorException("the model host did not list " + hosted.repo() + " at revision " + hosted.revision()
                    + " (HTTP " + response.statusCode() + "), so the file hashes cannot be checked; nothing was downloaded");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new InvalidEvaluatorException("the model host's listing of " + hosted.repo() + " is not valid JSON; nothing was downloaded", e);
        }
        String sha = root.path("sha").asText("");
        if (!sha.equalsIgnoreCase(hosted.revision())) {
            throw new InvalidEvaluatorException("the model host's listing of " + hosted.repo() + " is for revision "
                    + (sha.isEmpty() ? "(none given)" : sha) + ", not the pinned " + hosted.revision() + "; nothing was downloaded");
        }
        return root;
    }

    private Published published(EvaluatorCatalog.Entry entry, EvaluatorCatalog.CatalogFile f, HostedFile hosted, JsonNode listing)
            throws IOException {
        JsonNode sibling = null;
        for (JsonNode s : listing.path("siblings")) {
            if (hosted.path().equals(s.path("rfilename").asText())) {
                sibling = s;
            }
        }
        String where = hosted.repo() + " at revision " + hosted.revision();
        if (sibling == null) {
            throw new InvalidEvaluatorException("the model host lists no " + hosted.path() + " in " + where + "; nothing was downloaded");
        }
        JsonNode lfs = sibling.path("lfs");
        String lfsSha = lfs.path("sha256").asText("");
        Published p;
        if (lfsSha.matches("[0-9a-fA-F]{64}")) {
            p = new Published(Sha256.parse(lfsSha.toLowerCase(java.util.Locale.ROOT)), lfs.path("size").asLong(-1),
                    "SHA-256 from the host's listing of " + where + " (large-file storage)");
        } else {
            String blob = sibling.path("blobId").asText("");
            if (!blob.matches("[0-9a-fA-F]{40}")) {
                throw new InvalidEvaluatorException("the model host publishes no hash for " + hosted.path() + " in " + where
                        + ", so it cannot be checked and was not downloaded; pin its SHA-256 in the catalog or import the files yourself");
            }
            p = gitFile(f, hosted, sibling.path("size").asLong(-1), blob.toLowerCase(java.util.Locale.ROOT), where);
        }
        if (f.size() > 0 && p.size() != f.size()) {
            throw new InvalidEvaluatorException("catalog entry " + entry.name() + ": " + f.name() + " is " + f.size()
                    + " bytes in the catalog but " + p.size() + " bytes in the host's listing of " + where + "; nothing was downloaded");
        }
        return p;
    }

    /** A file stored in git: fetched whole, checked against the listed blob id, hashed with SHA-256. */
    private Published gitFile(EvaluatorCatalog.CatalogFile f, HostedFile hosted, long size, String blobId, String where) throws IOException {
        if (size < 0 || size > MAX_GIT_FILE_BYTES) {
            throw new InvalidEvaluatorException("the model host lists " + hosted.path() + " in " + where + " with "
                    + (size < 0 ? "no size" : size + " bytes, more than the " + MAX_GIT_FILE_BYTES + " a git-stored file may have")
                    + "; nothing was downloaded");
        }
        HttpResponse<byte[]> response = get(f.url());
        if (response.statusCode() != 200) {
            throw new InvalidEvaluatorException("the model host refused " + f.url() + " (HTTP " + response.statusCode() + ")");
        }
        byte[] body = response.body();
        if (body.length != size || !gitBlobId(body).equals(blobId)) {
            throw new InvalidEvaluatorException("the model host served " + hosted.path() + " from " + where
                    + " with other bytes than its listing names (git blob " + blobId + "); it was discarded and nothing was installed");
        }
        return new Published(Sha256.of(body), size, "SHA-256 of the bytes matching git blob " + blobId + " in the host's listing of " + where);
    }

    /** Git's object id of a blob: SHA-1 over "blob <length>\0" followed by the bytes. */
    static String gitBlobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    private HttpResponse<byte[]> get(URI url) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidEvaluatorException("reading the model host's listing was interrupted");
        } catch (IOException e) {
            throw new InvalidEvaluatorException("the model host could not be reached at " + url.getAuthority() + " ("
                    + (e.getMessage() == null ? "no answer" : e.getMessage()) + "); nothing was downloaded", e);
        }
    }
}
