package org.poq.app.service;

import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.catalog.CatalogException;
import org.poq.miner.catalog.CatalogFit;
import org.poq.miner.catalog.CatalogPulls;
import org.poq.miner.catalog.ModelCatalog;
import org.poq.miner.engine.LlamaLibraries;
import org.poq.miner.gguf.SplitFiles;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.library.DownloadCancel;
import org.poq.miner.library.DownloadProgress;
import org.poq.miner.library.HostHashes;
import org.poq.miner.library.LibraryException;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;

/**
 * The model catalog as the window and {@code poq models} use it: entries labelled by fit on this
 * machine, a pull through the library's guarded downloader (a hash the catalog does not pin is read
 * from the host first and recorded), remove and verify by catalog name or model id, and the best
 * catalog model already downloaded (for the demo). Blocking I/O: call off the UI thread.
 */
public final class ModelCatalogService {
    /** A catalog quantisation with its fit here and its copy in the library, if any. */
    public record Row(ModelCatalog.Entry entry, ModelCatalog.CatalogQuant quant, CatalogFit fit,
                      Optional<ModelRecord> downloaded, boolean filesMissing) {
        public String label() {
            return entry.name() + ":" + quant.quant();
        }
    }

    /** A pulled model: its record, and whether it was already there whole. */
    public record Pulled(ModelRecord model, ModelCatalog.Selection selection, boolean alreadyThere) {
    }

    /** A model in the library that came from the catalog, whose files are all there. */
    public record Downloaded(ModelRecord model, ModelCatalog.Entry entry, String quant) {
    }

    private final ModelCatalog catalog;
    private final ModelLibrary library;
    private final CatalogPulls pulls;
    private final HostHashes hosts;
    private final Supplier<HardwareInfo> hardware;

    public ModelCatalogService(ModelCatalog catalog, ModelLibrary library, CatalogPulls pulls, HostHashes hosts,
                               Supplier<HardwareInfo> hardware) {
        this.catalog = catalog;
        this.library = library;
        this.pulls = pulls;
        this.hosts = hosts;
        this.hardware = hardware;
    }

    /** The app's catalog (a newer one in {@code models/catalog.json} wins) over the library in db. */
    public static ModelCatalogService open(AppPaths paths, Database db) {
        return new ModelCatalogService(ModelCatalog.load(paths.models().resolve("catalog.json"), ModelCatalog.HUGGING_FACE),
                new ModelLibrary(db, paths.models(), ModelDownloader.withDefaults()), new CatalogPulls(db),
                HostHashes.withDefaults(), HardwareInfo::detect);
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public ModelLibrary library() {
        return library;
    }

    /** Every quantisation of every entry whose fit is one of {@code show}, in catalog order. */
    public List<Row> list(Set<CatalogFit.Kind> show) {
        HardwareInfo hw = hardware.get();
        List<Row> rows = new ArrayList<>();
        for (ModelCatalog.Entry e : catalog.entries()) {
            for (ModelCatalog.CatalogQuant q : e.quants()) {
                Optional<ModelRecord> model = pulls.find(e.name(), q.quant()).flatMap(p -> library.find(p.modelId()));
                OptionalLong size = model.map(m -> OptionalLong.of(m.sizeBytes())).orElse(q.size());
                CatalogFit fit = CatalogFit.assess(e, q, size, hw);
                if (show.contains(fit.kind())) {
                    rows.add(new Row(e, q, fit, model, model.isPresent() && !complete(model.get())));
                }
            }
        }
        return rows;
    }

    public List<Row> list() {
        return list(Set.of(CatalogFit.Kind.values()));
    }

    /**
     * Downloads {@code NAME[:QUANT]} into the library, every part verified; a model already there whole
     * is returned at once, one whose files were deleted is fetched again against the recorded hashes.
     *
     * @param say told in words what happens before the bytes flow (a hash read from the host)
     */
    public Pulled pull(String nameAndQuant, DownloadProgress progress, DownloadCancel cancel, Consumer<String> say) {
        ModelCatalog.Selection s = catalog.select(nameAndQuant);
        if (!s.entry().engineSupports()) {
            throw new CatalogException(s.entry().displayName() + " needs engine " + s.entry().minEngine()
                    + " or newer (node-llama-cpp's llama.cpp); this app has " + LlamaLibraries.NODE_LLAMA_CPP_VERSION
                    + ": update PoQ Desktop");
        }
        Optional<CatalogPulls.Pull> before = pulls.find(s.entry().name(), s.quant().quant());
        Optional<ModelRecord> present = before.flatMap(p -> library.find(p.modelId()));
        if (present.isPresent() && complete(present.get())) {
            return new Pulled(present.get(), s, true);
        }
        List<ModelLibrary.PartSource> sources = new ArrayList<>();
        List<CatalogPulls.PulledPart> parts = new ArrayList<>();
        for (ModelCatalog.CatalogFile f : s.quant().files()) {
            Optional<CatalogPulls.PulledPart> recorded = before.flatMap(p -> p.parts().stream()
                    .filter(r -> r.file().equals(f.name())).findFirst());
            Sha256 sha;
            long size = f.size().orElse(-1);
            String from;
            if (f.sha256().isPresent()) {
                sha = f.sha256().get();
                from = "catalog: " + s.quant().hashSource();
            } else if (recorded.isPresent()) {
                sha = Sha256.parse(recorded.get().sha256());
                size = recorded.get().size();
                from = recorded.get().hashFrom();
            } else {
                say.accept("the catalog pins no SHA-256 for " + f.fileName() + ": reading the one its host publishes");
                HostHashes.HostFile host = hosts.read(f.url(), cancel);
                sha = host.sha256();
                size = host.size().orElse(size);
                from = host.readFrom();
                say.accept("  " + f.fileName() + ": SHA-256 " + sha.hex() + " (" + from + ")");
            }
            sources.add(new ModelLibrary.PartSource(f.url(), sha, size));
            parts.add(new CatalogPulls.PulledPart(f.name(), sha.hex(), size, from));
        }
        ModelRecord model = library.download(sources, progress, cancel);
        pulls.record(new CatalogPulls.Pull(s.entry().name(), s.quant().quant(), model.id(), s.entry().family(),
                parts, Instant.now()));
        return new Pulled(model, s, false);
    }

    /**
     * Downloads a pasted URL; without a SHA-256 from the user, the one the host publishes is read
     * first (and said), and a host that publishes none is refused before any byte of the model is fetched.
     */
    public ModelRecord download(URI url, Optional<Sha256> sha256, DownloadProgress progress, DownloadCancel cancel,
                                Consumer<String> say) {
        if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http"))
                || url.getHost() == null) {
            throw new LibraryException("\"" + url + "\" is not a web address (https://...)");
        }
        Sha256 expected = sha256.orElseGet(() -> {
            say.accept("no SHA-256 given: reading the one the host publishes");
            HostHashes.HostFile host = hosts.read(url, cancel);
            say.accept("  SHA-256 " + host.sha256().hex() + " (" + host.readFrom() + ")");
            return host.sha256();
        });
        return library.download(List.of(new ModelLibrary.PartSource(url, expected)), progress, cancel);
    }

    /** Deletes the model's file(s) and its rows; names a catalog entry (NAME[:QUANT]) or a model id. */
    public ModelRecord remove(String nameOrId) {
        ModelRecord model = resolve(nameOrId);
        library.remove(model.id());
        pulls.forget(model.id());
        return model;
    }

    /** Re-hashes the model's file(s). */
    public ModelLibrary.Verification verify(String nameOrId) {
        return library.verify(resolve(nameOrId).id());
    }

    /** Catalog models in the library whose files are all there, best for a demo first (the catalog's demoRank). */
    public List<Downloaded> downloaded() {
        List<Downloaded> out = new ArrayList<>();
        for (CatalogPulls.Pull p : pulls.list()) {
            Optional<ModelCatalog.Entry> entry = catalog.find(p.name());
            Optional<ModelRecord> model = library.find(p.modelId());
            if (entry.isPresent() && model.isPresent() && complete(model.get())) {
                out.add(new Downloaded(model.get(), entry.get(), p.quant()));
            }
        }
        out.sort(Comparator.comparingInt((Downloaded d) -> d.entry().demoRank())
                .thenComparing(d -> d.quant().equalsIgnoreCase("Q8_0") ? 0 : 1));
        return out;
    }

    public Optional<Downloaded> bestDownloaded() {
        return downloaded().stream().findFirst();
    }

    /** A model of the library by id, or by the catalog name it was pulled under. */
    private ModelRecord resolve(String nameOrId) {
        String v = nameOrId == null ? "" : nameOrId.strip();
        if (v.isEmpty()) {
            throw new LibraryException("name a model: NAME[:QUANT] from the catalog, or its id (64 hex digits)");
        }
        if (v.matches("(0x)?[0-9a-fA-F]{64}")) {
            Sha256 id = Sha256.parse(v.toLowerCase(Locale.ROOT));
            return library.find(id).orElseThrow(() -> new LibraryException("no model " + id.hex() + " in the library"));
        }
        String[] parts = v.split(":", -1);
        List<CatalogPulls.Pull> matches = pulls.list().stream().filter(p -> p.name().equalsIgnoreCase(parts[0])
                && (parts.length == 1 || p.quant().equalsIgnoreCase(parts[1]))).toList();
        if (matches.isEmpty()) {
            catalog.select(v); // an unknown name or quantisation is said as the catalog says it
            throw new LibraryException(v + " has not been pulled; pull it with: poq models pull " + v);
        }
        if (matches.size() > 1) {
            throw new LibraryException(parts[0] + " was pulled in " + matches.size() + " quantisations ("
                    + String.join(", ", matches.stream().map(CatalogPulls.Pull::quant).toList()) + "): name one as "
                    + parts[0] + ":QUANT");
        }
        return library.find(matches.get(0).modelId()).orElseThrow(() ->
                new LibraryException(v + " is no longer in the library; pull it again with: poq models pull " + v));
    }

    private static boolean complete(ModelRecord m) {
        return Files.isRegularFile(m.path()) && SplitFiles.missing(m.path()).isEmpty();
    }
}
