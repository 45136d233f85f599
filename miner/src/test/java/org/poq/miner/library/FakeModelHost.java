package org.poq.miner.library;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.poq.core.Sha256;

/**
 * A local server that imitates Hugging Face where a download meets it: {@code /OWNER/REPO/resolve/REV/PATH}
 * answers HEAD with a 302 carrying {@code X-Linked-ETag} and {@code X-Linked-Size} (when told to), GET
 * with the bytes and Range support; {@code /api/models/OWNER/REPO/revision/REV} lists LFS entries (when told to).
 */
public final class FakeModelHost implements AutoCloseable {
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** What the host publishes about its files. */
    public enum Publishes { HEADERS, API_ONLY, NOTHING }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> gets = new ConcurrentHashMap<>();
    private final AtomicInteger heads = new AtomicInteger();
    private volatile Publishes publishes = Publishes.HEADERS;
    private volatile String forgedEtag;

    public FakeModelHost() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves a file at /REPO/resolve/REV/PATH; returns its URL. */
    public URI put(String repo, String revision, String path, Path content) throws IOException {
        files.put(repo + "|" + revision + "|" + path, Files.readAllBytes(content));
        return base().resolve("/" + repo + "/resolve/" + revision + "/" + path);
    }

    public FakeModelHost publishing(Publishes what) {
        this.publishes = what;
        return this;
    }

    /** Makes HEAD answer this X-Linked-ETag instead of the true one (a lying or broken host). */
    public FakeModelHost forgingEtag(String etag) {
        this.forgedEtag = etag;
        return this;
    }

    public int headRequests() {
        return heads.get();
    }

    /** GET requests for files (not the API) so far. */
    public int fileGets() {
        return gets.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/api/models/")) {
                api(ex, path.substring("/api/models/".length()));
                return;
            }
            Matcher m = RESOLVE.matcher(path);
            byte[] body = m.matches() ? files.get(m.group(1) + "|" + m.group(2) + "|" + m.group(3)) : null;
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (ex.getRequestMethod().equals("HEAD")) {
                heads.incrementAndGet();
                if (publishes == Publishes.HEADERS) {
                    ex.getResponseHeaders().add("X-Linked-ETag", "\"" + (forgedEtag != null ? forgedEtag : Sha256.of(body).hex()) + "\"");
                    ex.getResponseHeaders().add("X-Linked-Size", Long.toString(body.length));
                }
                ex.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef01234567\""); // a git hash: never a SHA-256
                ex.getResponseHeaders().add("Location", path);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            gets.merge(path, 1, Integer::sum);
            String header = ex.getRequestHeaders().getFirst("Range");
            Matcher r = header == null ? null : RANGE.matcher(header);
            int from = 0;
            int end = body.length;
            if (r != null && r.matches()) {
                from = Integer.parseInt(r.group(1));
                end = r.group(2).isEmpty() ? body.length : (int) Math.min(body.length, Long.parseLong(r.group(2)) + 1);
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (end - 1) + "/" + body.length);
                ex.sendResponseHeaders(206, end - from);
            } else {
                ex.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, end - from);
            }
        }
    }

    /** /api/models/OWNER/REPO/revision/REV?blobs=true */
    private void api(HttpExchange ex, String rest) throws IOException {
        String[] p = rest.split("/");
        if (publishes != Publishes.API_ONLY || p.length != 4 || !p[2].equals("revision")) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        String prefix = p[0] + "/" + p[1] + "|" + p[3] + "|";
        StringBuilder json = new StringBuilder("{\"id\":\"" + p[0] + "/" + p[1] + "\",\"siblings\":[{\"rfilename\":\"README.md\"}");
        files.forEach((key, body) -> {
            if (key.startsWith(prefix)) {
                json.append(",{\"rfilename\":\"").append(key.substring(prefix.length())).append("\",\"size\":").append(body.length)
                        .append(",\"lfs\":{\"sha256\":\"").append(Sha256.of(body).hex()).append("\",\"size\":")
                        .append(body.length).append(",\"pointerSize\":135}}");
            }
        });
        byte[] out = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
