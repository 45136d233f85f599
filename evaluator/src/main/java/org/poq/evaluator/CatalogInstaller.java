package org.poq.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poq.core.FileTrees;
import org.poq.core.Sha256;

/**
 * Downloads a catalog entry and imports it like any package. The files go to
 * {@code <evaluators>/.downloads/<entry>/<file>.part} through the given {@link Fetcher} — the app passes
 * the miner library's resumable, hash-checked downloader, so an interrupted download continues where it
 * stopped, also after a restart — then into a staging folder with the entry's evaluator.json, where the
 * import validates it and moves it under its id. For an entry pinned to a revision but not to hashes,
 * the hashes are read from the host's listing ({@link HostListing}) before anything is downloaded and
 * recorded next to the part files ({@value #HOST_HASHES}), so a download resumed later is checked against
 * the hashes it began with, not against a listing that changed meanwhile. Every installed catalog
 * evaluator gets {@value #SOURCE} in its folder: the entry, revision, URLs, SHA-256 and where each hash came from.
 */
public final class CatalogInstaller {
    /** Downloads url into part (resuming what is there) and fails unless the result has the expected SHA-256. */
    @FunctionalInterface
    public interface Fetcher {
        void fetch(URI url, Path part, Sha256 expected, Progress progress) throws IOException;
    }

    /** Bytes of the whole entry so far and its total. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    /** The hashes read from the host for an entry, kept with its part files until the install is done. */
    public static final String HOST_HASHES = "host-hashes.json";
    /** Where an installed catalog evaluator came from, kept in its folder (not part of the id). */
    public static final String SOURCE = "catalog-source.json";

    private CatalogInstaller() {
    }

    public static EvaluatorPackage install(EvaluatorCatalog.Entry entry, Path evaluatorsDir, Fetcher fetcher, Progress progress)
            throws IOException {
        return install(entry, evaluatorsDir, fetcher, HostListing.withDefaults(), progress);
    }

    public static EvaluatorPackage install(EvaluatorCatalog.Entry entry, Path evaluatorsDir, Fetcher fetcher, HostListing host,
                                           Progress progress) throws IOException {
        if (!entry.downloadable()) {
            throw new InvalidEvaluatorException("the catalog entry " + entry.name() + " has no verified SHA-256 yet, so it cannot be "
                    + "downloaded safely; fetch its files yourself and use `poq evaluators import FOLDER`");
        }
        Path downloads = evaluatorsDir.resolve(".downloads").resolve(entry.name());
        Files.createDirectories(downloads);
        Map<String, HostListing.Published> hashes = hashes(entry, downloads, host);
        long total = entry.size() > 0 ? entry.size() : hashes.values().stream().mapToLong(HostListing.Published::size).sum();
        long before = 0;
        for (EvaluatorCatalog.CatalogFile f : entry.files()) {
            Path part = downloads.resolve(f.name() + ".part");
            long offset = before;
            fetcher.fetch(f.url(), part, hashes.get(f.name()).sha256(), (done, fileTotal) -> progress.update(offset + done, total));
            before += Files.size(part);
        }
        try (StagingDir staging = StagingDir.in(evaluatorsDir)) {
            for (EvaluatorCatalog.CatalogFile f : entry.files()) {
                Files.copy(downloads.resolve(f.name() + ".part"), staging.path().resolve(f.name()));
            }
            Files.writeString(staging.path().resolve(EvaluatorPackage.CONFIG), entry.config().toJson());
            Files.writeString(staging.path().resolve(SOURCE), source(entry, hashes));
            EvaluatorPackage installed = EvaluatorImporter.install(staging, evaluatorsDir);
            FileTrees.delete(downloads);
            return installed;
        }
    }

    /** The pinned hashes, plus those read from the host (or recorded when an earlier attempt read them). */
    private static Map<String, HostListing.Published> hashes(EvaluatorCatalog.Entry entry, Path downloads, HostListing host)
            throws IOException {
        Map<String, HostListing.Published> out = new LinkedHashMap<>();
        for (EvaluatorCatalog.CatalogFile f : entry.files()) {
            f.sha256().ifPresent(sha -> out.put(f.name(), new HostListing.Published(sha, f.size(), "pinned in the catalog")));
        }
        if (out.size() == entry.files().size()) {
            return out;
        }
        Path record = downloads.resolve(HOST_HASHES);
        Map<String, HostListing.Published> read = recorded(record, entry.revision());
        if (read == null || !read.keySet().containsAll(missing(entry, out))) {
            read = host.read(entry);
            ObjectNode json = new ObjectMapper().createObjectNode().put("revision", entry.revision());
            read.forEach((name, p) -> json.putObject(name).put("sha256", p.sha256().hex()).put("size", p.size()).put("how", p.how()));
            Files.writeString(record, json.toPrettyString());
        }
        out.putAll(read);
        return out;
    }

    private static List<String> missing(EvaluatorCatalog.Entry entry, Map<String, HostListing.Published> pinned) {
        return entry.files().stream().map(EvaluatorCatalog.CatalogFile::name).filter(n -> !pinned.containsKey(n)).toList();
    }

    /** The hashes an earlier attempt read from the host at the same revision, or null. */
    private static Map<String, HostListing.Published> recorded(Path record, String revision) throws IOException {
        if (!Files.exists(record)) {
            return null;
        }
        JsonNode json = new ObjectMapper().readTree(record.toFile());
        if (!revision.equals(json.path("revision").asText())) {
            return null;
        }
        Map<String, HostListing.Published> out = new LinkedHashMap<>();
        var names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode f = json.get(name);
            if (f.isObject()) {
                out.put(name, new HostListing.Published(Sha256.parse(f.path("sha256").asText()), f.path("size").asLong(-1),
                        f.path("how").asText()));
            }
        }
        return out;
    }

    private static String source(EvaluatorCatalog.Entry entry, Map<String, HostListing.Published> hashes) {
        ObjectNode json = new ObjectMapper().createObjectNode().put("catalogEntry", entry.name()).put("revision", entry.revision());
        for (EvaluatorCatalog.CatalogFile f : entry.files()) {
            HostListing.Published p = hashes.get(f.name());
            json.putObject(f.name()).put("url", f.url().toString()).put("sha256", p.sha256().hex()).put("hashFrom", p.how());
        }
        return json.toPrettyString();
    }
}
