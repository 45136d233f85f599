package org.poq.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.poq.core.Sha256;

/**
 * The one reader of a Hugging Face repository's file listing at a revision
 * ({@code /api/models/<repo>/revision/<revision>?blobs=true}), shared by the miner (the hash of a model
 * file given without one) and the evaluator (the hashes of a catalog entry pinned to a commit). A large
 * (LFS) file is listed with its SHA-256 and size; a small file kept in git only with its git blob id
 * (SHA-1 over "blob <size>\0" and the bytes), which {@link #gitBlobId} reproduces. Each caller decides
 * what a missing entry means for it and says so in its own words; this class only reads.
 */
public final class HubListing {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");

    /** A file URL of the form {@code <host>/<repo>/resolve/<revision>/<path>}. */
    public record HostedFile(URI base, String repo, String revision, String path) {
        /** The parts of a Hugging Face style URL; empty for any other URL. */
        public static Optional<HostedFile> parse(URI url) {
            String p = url.getRawPath();
            int at = p == null ? -1 : p.indexOf("/resolve/");
            if (at <= 1 || url.getScheme() == null || url.getRawAuthority() == null) {
                return Optional.empty();
            }
            String rest = p.substring(at + "/resolve/".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new HostedFile(URI.create(url.getScheme() + "://" + url.getRawAuthority()), p.substring(1, at),
                    decode(rest.substring(0, slash)), decode(rest.substring(slash + 1))));
        }

        /** Where the host lists the repository's files at this file's revision. */
        public URI listing() {
            return base.resolve("/api/models/" + repo + "/revision/" + revision + "?blobs=true");
        }

        /** "owner/repo at revision R", for messages. */
        public String where() {
            return repo + " at revision " + revision;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    /** One file of a listing: an LFS file has its SHA-256; a git-stored one only its blob id. */
    public record ListedFile(String path, long size, Optional<Sha256> lfsSha256, Optional<String> blobId) {
    }

    /** A listing as the host served it: the commit it is at, and a way to find one file in it. */
    public record Listing(URI url, String commit, JsonNode root) {
        public Optional<ListedFile> find(String path) {
            for (JsonNode s : root.path("siblings")) {
                if (path.equals(s.path("rfilename").asText())) {
                    JsonNode lfs = s.path("lfs");
                    // the API has said "sha256" and, in its tree listing, "oid" for the LFS hash
                    String sha = lfs.path("sha256").asText(lfs.path("oid").asText("")).toLowerCase(Locale.ROOT);
                    String blob = s.path("blobId").asText("").toLowerCase(Locale.ROOT);
                    long size = lfs.path("size").isIntegralNumber() ? lfs.path("size").asLong() : s.path("size").asLong(-1);
                    return Optional.of(new ListedFile(path, size,
                            HEX64.matcher(sha).matches() ? Optional.of(Sha256.parse(sha)) : Optional.empty(),
                            HEX40.matcher(blob).matches() ? Optional.of(blob) : Optional.empty()));
                }
            }
            return Optional.empty();
        }
    }

    /** The host answered, but not with a listing (an HTTP error, or not the JSON the API serves). */
    public static final class NotListed extends IOException {
        private final int status;

        NotListed(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status, or 200 when the body was not a listing. */
        public int status() {
            return status;
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    public HubListing(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * The listing at the file's revision.
     *
     * @throws NotListed when the host answers with an error or with something that is not a listing
     * @throws IOException when the host cannot be reached (or the wait is interrupted)
     */
    public Listing read(HostedFile file) throws IOException {
        URI url = file.listing();
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading the model host's listing was interrupted");
        }
        if (response.statusCode() != 200) {
            throw new NotListed("the model host did not list " + file.where() + " (HTTP " + response.statusCode() + ")",
                    response.statusCode(), null);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new NotListed("the model host's listing of " + file.repo() + " is not valid JSON", 200, e);
        }
        if (root == null || !root.isObject()) {
            throw new NotListed("the model host's listing of " + file.repo() + " is not valid JSON", 200, null);
        }
        return new Listing(url, root.path("sha").asText(""), root);
    }

    /** Git's object id of a blob: SHA-1 over "blob <length>\0" followed by the bytes. */
    public static String gitBlobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    /**
     * A quoted, possibly weak ETag that holds exactly a SHA-256 in hex (Hugging Face's X-Linked-ETag of an
     * LFS file); anything else (a git hash, a CDN tag) is not taken for one.
     */
    public static Optional<Sha256> sha256OfEtag(String etag) {
        String v = etag.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "").toLowerCase(Locale.ROOT);
        return HEX64.matcher(v).matches() ? Optional.of(Sha256.parse(v)) : Optional.empty();
    }
}
