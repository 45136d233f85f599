package org.poq.miner.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.poq.core.Sha256;
import org.poq.miner.engine.LlamaLibraries;

/**
 * Real models a miner can pull (resources/models/catalog.json, bundled in the jar, versioned): per
 * entry the family it serves on chain, licence and gating, architecture and shape, and per
 * quantisation the files (split parts in order) at a Hugging Face repository and revision, with the
 * SHA-256 a pinning catalog published for each, or none: such a file's hash is read from the host
 * before its download starts (decision 0019). A catalog of a higher version in the data folder
 * replaces the bundled one, so the list can be refreshed without a new release.
 */
public final class ModelCatalog {
    public static final String RESOURCE = "catalog.json";
    public static final URI HUGGING_FACE = URI.create("https://huggingface.co");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** One file of a quantisation; {@code name} is its path in the repository. */
    public record CatalogFile(String name, URI url, OptionalLong size, Optional<Sha256> sha256) {
        /** The file name without the repository folder, as the library and llama.cpp see it. */
        public String fileName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }

    /**
     * One quantisation of an entry: its files in part order, at {@code revision} (a 40-hex commit when a
     * source pins one, else a branch marked {@code "unpinned": true}), with where each pinned value was read.
     */
    public record CatalogQuant(String quant, String repo, String revision, String hashSource, String revisionSource,
                               String sizeSource, List<CatalogFile> files) {
        /** The files are fetched from one commit, not from a branch that may move. */
        public boolean pinned() {
            return COMMIT.matcher(revision).matches();
        }

        /** Every file's SHA-256 came from a catalog that pins it. */
        public boolean verified() {
            return files.stream().allMatch(f -> f.sha256().isPresent());
        }

        public boolean split() {
            return files.size() > 1;
        }

        /** The sum of the known sizes; empty when a size is unknown. */
        public OptionalLong size() {
            long sum = 0;
            for (CatalogFile f : files) {
                if (f.size().isEmpty()) {
                    return OptionalLong.empty();
                }
                sum += f.size().getAsLong();
            }
            return OptionalLong.of(sum);
        }
    }

    /** The model's shape, enough to estimate its memory before anything is downloaded. */
    public record Shape(int layers, int kvHeads, int keyLength, int valueLength, int vocabulary) {
    }

    public record Entry(String name, String displayName, String family, String licence, String gating,
                        String architecture, double parametersBillions, Shape shape, int contextLength,
                        int recommendedContext, String minEngine, int demoRank, String note, List<CatalogQuant> quants) {
        public Optional<CatalogQuant> quant(String quant) {
            return quants.stream().filter(q -> q.quant().equalsIgnoreCase(quant)).findFirst();
        }

        /** True when this app's engine is at least the version the entry needs. */
        public boolean engineSupports() {
            return compareVersions(LlamaLibraries.NODE_LLAMA_CPP_VERSION, minEngine) >= 0;
        }
    }

    /** An entry and one of its quantisations: what {@code NAME[:QUANT]} names. */
    public record Selection(Entry entry, CatalogQuant quant) {
        public String label() {
            return entry.name() + ":" + quant.quant();
        }
    }

    private final int version;
    private final List<Entry> entries;

    private ModelCatalog(int version, List<Entry> entries) {
        this.version = version;
        this.entries = List.copyOf(entries);
    }

    /** The catalog that ships with the app. */
    public static ModelCatalog bundled() {
        return bundled(HUGGING_FACE);
    }

    /** The bundled catalog with its URLs on another host (a local test server imitating Hugging Face). */
    public static ModelCatalog bundled(URI host) {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the model catalog is missing from the app (" + RESOURCE + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), host);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled model catalog: " + e.getMessage(), e);
        }
    }

    /**
     * The bundled catalog, or the one at {@code override} when that file exists and has a higher
     * version. An unreadable override is an error in words, not a silent fallback.
     */
    public static ModelCatalog load(Path override, URI host) {
        ModelCatalog shipped = bundled(host);
        if (!Files.isRegularFile(override)) {
            return shipped;
        }
        String json;
        try {
            json = Files.readString(override);
        } catch (IOException e) {
            throw new CatalogException("cannot read the model catalog " + override + ": " + e.getMessage(), e);
        }
        ModelCatalog newer;
        try {
            newer = parse(json, host);
        } catch (CatalogException e) {
            int declared = declaredVersion(json);
            if (declared >= 1 && declared <= shipped.version) {
                return shipped; // an older catalog never wins, even one written before today's rules
            }
            throw new CatalogException(override + ": " + e.getMessage(), e);
        }
        return newer.version > shipped.version ? newer : shipped;
    }

    /** The "version" a catalog declares, or 0 when it declares none or is not JSON. */
    private static int declaredVersion(String json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            return root == null ? 0 : root.path("version").asInt(0);
        } catch (IOException e) {
            return 0;
        }
    }

    public static ModelCatalog parse(String json, URI host) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new CatalogException("the model catalog is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException("the model catalog cannot be read: " + e.getMessage(), e);
        }
        if (root == null || root.path("format").asInt(0) != 1) {
            throw new CatalogException("the model catalog has no \"format\": 1 (this app reads format 1)");
        }
        int version = root.path("version").asInt(0);
        if (version < 1) {
            throw new CatalogException("the model catalog has no \"version\" (a whole number from 1)");
        }
        // a catalog may name a mirror that serves Hugging Face's paths (and a test, a local server)
        URI base = host;
        if (root.path("host").isTextual()) {
            base = URI.create(root.path("host").asText());
            if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
                throw new CatalogException("the model catalog's \"host\" is not a web address: " + root.path("host").asText());
            }
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : root.path("models")) {
            out.add(entry(e, base));
        }
        if (out.stream().map(Entry::name).distinct().count() != out.size()) {
            throw new CatalogException("the model catalog names a model twice");
        }
        return new ModelCatalog(version, out);
    }

    private static Entry entry(JsonNode e, URI host) {
        String name = text(e, "name", "a model");
        JsonNode s = e.path("shape");
        Shape shape = new Shape(positive(s, "layers", name), positive(s, "kvHeads", name), positive(s, "keyLength", name),
                positive(s, "valueLength", name), positive(s, "vocabulary", name));
        List<CatalogQuant> quants = new ArrayList<>();
        for (JsonNode q : e.path("quants")) {
            String quant = text(q, "quant", name);
            String repo = text(q, "repo", name + ":" + quant);
            String revision = text(q, "revision", name + ":" + quant);
            List<CatalogFile> files = new ArrayList<>();
            for (JsonNode f : q.path("files")) {
                String file = text(f, "name", name + ":" + quant);
                String sha = f.path("sha256").isTextual() ? f.path("sha256").asText() : null;
                Optional<Sha256> hash;
                try {
                    hash = sha == null ? Optional.empty() : Optional.of(Sha256.parse(sha.toLowerCase(Locale.ROOT)));
                } catch (IllegalArgumentException bad) {
                    throw new CatalogException("the model catalog: " + name + ":" + quant + " has a sha256 that is not 64 hex digits", bad);
                }
                OptionalLong size = f.path("size").isIntegralNumber() && f.path("size").asLong() > 0
                        ? OptionalLong.of(f.path("size").asLong()) : OptionalLong.empty();
                files.add(new CatalogFile(file, host.resolve("/" + repo + "/resolve/" + revision + "/" + file), size, hash));
            }
            if (files.isEmpty()) {
                throw new CatalogException("the model catalog: " + name + ":" + quant + " lists no files");
            }
            checkParts(name + ":" + quant, files);
            String hashSource = q.path("hashSource").asText("");
            if (files.stream().anyMatch(f -> f.sha256().isPresent()) && hashSource.isBlank()) {
                // a pinned hash must say where it was read, so anyone can check it was not made up
                throw new CatalogException("the model catalog: " + name + ":" + quant + " pins a sha256 without a \"hashSource\"");
            }
            String revisionSource = q.path("revisionSource").asText("");
            if (COMMIT.matcher(revision).matches()) {
                if (revisionSource.isBlank()) {
                    throw new CatalogException("the model catalog: " + name + ":" + quant + " pins revision " + revision
                            + " without a \"revisionSource\"");
                }
            } else if (!q.path("unpinned").asBoolean(false)) {
                // a branch name moves: say so in the catalog rather than let it pass for a pin
                throw new CatalogException("the model catalog: " + name + ":" + quant + " has revision \"" + revision
                        + "\", which is not a commit (40 hex digits); a branch needs \"unpinned\": true");
            }
            String sizeSource = q.path("sizeSource").asText("");
            if (files.stream().anyMatch(f -> f.size().isPresent()) && sizeSource.isBlank()) {
                throw new CatalogException("the model catalog: " + name + ":" + quant + " gives a size without a \"sizeSource\"");
            }
            quants.add(new CatalogQuant(quant, repo, revision, hashSource, revisionSource, sizeSource, files));
        }
        if (quants.isEmpty()) {
            throw new CatalogException("the model catalog: " + name + " has no quantisation");
        }
        return new Entry(name, text(e, "displayName", name), text(e, "family", name), text(e, "licence", name),
                text(e, "gating", name), text(e, "architecture", name), e.path("parametersBillions").asDouble(),
                shape, positive(e, "contextLength", name), positive(e, "recommendedContext", name),
                text(e, "minEngine", name), e.path("demoRank").asInt(Integer.MAX_VALUE), e.path("note").asText(""), quants);
    }

    /** Split parts must be the gguf-split names of one model, all of them, in order. */
    private static void checkParts(String label, List<CatalogFile> files) {
        if (files.size() == 1) {
            return;
        }
        for (int i = 0; i < files.size(); i++) {
            String expected = String.format(Locale.ROOT, "-%05d-of-%05d.gguf", i + 1, files.size());
            if (!files.get(i).fileName().endsWith(expected)) {
                throw new CatalogException("the model catalog: " + label + " lists " + files.size()
                        + " files, so file " + (i + 1) + " must end in " + expected + ", not " + files.get(i).fileName());
            }
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new CatalogException("the model catalog: " + where + " lacks \"" + field + "\"");
        }
        return v.asText();
    }

    private static int positive(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new CatalogException("the model catalog: " + where + " needs \"" + field + "\" as a positive whole number");
        }
        return v.asInt();
    }

    /** Compares dotted version numbers ("3.21.1"); a missing part counts as 0. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? parse(x[i]) : 0, i < y.length ? parse(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int parse(String part) {
        try {
            return Integer.parseInt(part.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int version() {
        return version;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * What {@code NAME[:QUANT]} names; without a quantisation, Q4_K_M where published, else the
     * first. An unknown name or quantisation is an error that lists what there is.
     */
    public Selection select(String nameAndQuant) {
        if (nameAndQuant == null || nameAndQuant.isBlank()) {
            throw new CatalogException("name a model of the catalog as NAME or NAME:QUANT, e.g. llama-3.2-1b-instruct:Q4_K_M");
        }
        String[] parts = nameAndQuant.strip().split(":", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw new CatalogException("\"" + nameAndQuant + "\" is not NAME or NAME:QUANT (e.g. llama-3.2-1b-instruct:Q4_K_M)");
        }
        Entry entry = find(parts[0]).orElseThrow(() -> new CatalogException("no model \"" + parts[0]
                + "\" in the catalog; there are: " + String.join(", ", entries.stream().map(Entry::name).toList())));
        if (parts.length == 1) {
            return new Selection(entry, entry.quant("Q4_K_M").orElse(entry.quants().get(0)));
        }
        CatalogQuant quant = entry.quant(parts[1]).orElseThrow(() -> new CatalogException(entry.name()
                + " has no quantisation \"" + parts[1] + "\" in the catalog; it has: "
                + String.join(", ", entry.quants().stream().map(CatalogQuant::quant).toList())));
        return new Selection(entry, quant);
    }
}
