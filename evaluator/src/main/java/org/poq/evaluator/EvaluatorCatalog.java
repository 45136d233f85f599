package org.poq.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.poq.core.Sha256;

/**
 * Evaluators a user who is online can download (resources/evaluators/catalog.json, bundled in the jar):
 * each pinned by name, the URL of every file at a fixed revision, its size and SHA-256, the package
 * format and the licence. An entry pinned to a revision (a full commit id) but not to hashes, marked
 * {@code "hashes": "host"}, is downloadable with the SHA-256 read from the host's listing at that revision
 * before the download starts ({@link HostListing}); any other entry without hashes is listed but not
 * downloadable.
 */
public final class EvaluatorCatalog {
    public static final String RESOURCE = "catalog.json";

    /** One file of an entry; {@code sha256} is empty while nobody has verified it. */
    public record CatalogFile(String name, URI url, long size, Optional<Sha256> sha256) {
    }

    /**
     * @param config the evaluator.json the package gets (its head, cut and guard choices are part of the id)
     */
    public record Entry(String name, String description, String format, String licence, String revision,
                        List<CatalogFile> files, EvaluatorConfig config, String note, boolean hashesFromHost) {
        /** Every file has a SHA-256 pinned in the catalog. */
        public boolean verified() {
            return files.stream().allMatch(f -> f.sha256().isPresent());
        }

        /** Pinned hashes, or a pinned revision whose hashes the host's listing gives at download time. */
        public boolean downloadable() {
            return verified() || hashesFromHost;
        }

        /** What a user is told about the entry's hashes, in the list and in the window. */
        public String availability() {
            if (verified()) {
                return "downloadable (SHA-256 pinned)";
            }
            return hashesFromHost ? "downloadable (SHA-256 read from the host's listing at revision " + revision.substring(0, 12) + ")"
                    : "UNVERIFIED (no pinned SHA-256; not downloadable)";
        }

        public long size() {
            return files.stream().mapToLong(CatalogFile::size).sum();
        }
    }

    private final List<Entry> entries;

    private EvaluatorCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalog that ships with the app. */
    public static EvaluatorCatalog bundled() {
        try (InputStream in = EvaluatorCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the evaluator catalog is missing from the app (" + RESOURCE + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled evaluator catalog: " + e.getMessage(), e);
        }
    }

    public static EvaluatorCatalog parse(String json) throws InvalidEvaluatorException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new InvalidEvaluatorException("the evaluator catalog is not valid JSON: " + e.getMessage(), e);
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : root.path("evaluators")) {
            String name = text(e, "name");
            List<CatalogFile> files = new ArrayList<>();
            for (JsonNode f : e.path("files")) {
                String file = text(f, "name");
                if (!file.equals(EvaluatorPackage.MODEL) && !file.equals(EvaluatorPackage.TOKENIZER)) {
                    throw new InvalidEvaluatorException("catalog entry " + name + ": a file must be model.onnx or tokenizer.json, not " + file);
                }
                String sha = f.path("sha256").isTextual() ? f.path("sha256").asText() : null;
                files.add(new CatalogFile(file, URI.create(text(f, "url")), f.path("size").asLong(-1),
                        sha == null ? Optional.empty() : Optional.of(Sha256.parse(sha.toLowerCase(Locale.ROOT)))));
            }
            if (files.stream().map(CatalogFile::name).distinct().count() != 2 || files.size() != 2) {
                throw new InvalidEvaluatorException("catalog entry " + name + " must list model.onnx and tokenizer.json once each");
            }
            EvaluatorConfig config = EvaluatorConfig.parse(e.path("evaluator").toString());
            String revision = e.path("revision").asText("");
            boolean fromHost = "host".equals(e.path("hashes").asText(""));
            if (fromHost) {
                requireRevisionInUrls(name, revision, files);
            }
            out.add(new Entry(name, e.path("description").asText(""), text(e, "format"), text(e, "licence"),
                    revision, files, config, e.path("note").asText(""), fromHost));
        }
        return new EvaluatorCatalog(out);
    }

    /** Hashes read from the host are only as fixed as the revision they are read at: a full commit id, in every URL. */
    private static void requireRevisionInUrls(String name, String revision, List<CatalogFile> files) throws InvalidEvaluatorException {
        if (!revision.matches("[0-9a-f]{40}")) {
            throw new InvalidEvaluatorException("catalog entry " + name + ": \"hashes\": \"host\" needs a revision that is a full "
                    + "commit id (40 hex digits), not \"" + revision + "\"");
        }
        for (CatalogFile f : files) {
            if (!f.url().getPath().contains("/resolve/" + revision + "/")) {
                throw new InvalidEvaluatorException("catalog entry " + name + ": the URL of " + f.name() + " is not at revision " + revision);
            }
        }
    }

    private static String text(JsonNode node, String field) throws InvalidEvaluatorException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidEvaluatorException("the evaluator catalog: missing \"" + field + "\"");
        }
        return v.asText();
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The entry, or an error that lists the names there are. */
    public Entry require(String name) throws InvalidEvaluatorException {
        return find(name).orElseThrow(() -> new InvalidEvaluatorException("no evaluator \"" + name + "\" in the catalog; there are: "
                + String.join(", ", entries.stream().map(Entry::name).toList())));
    }
}
