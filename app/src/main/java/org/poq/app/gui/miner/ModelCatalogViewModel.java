package org.poq.app.gui.miner;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.ByteSizes;
import org.poq.app.service.ModelCatalogService;
import org.poq.miner.catalog.CatalogFit;

/**
 * The Miner screen's model catalog: its entries labelled by fit on this machine, filtered, and pulled
 * into the library with the screen's progress bar and Cancel button. The same class as
 * {@code poq models catalog|pull} ({@link ModelCatalogService}); this only words its rows.
 */
public final class ModelCatalogViewModel {
    /** Which catalog rows are shown. */
    public enum Filter {
        ALL("all models", EnumSet.allOf(CatalogFit.Kind.class)),
        FITS("fits this machine", EnumSet.complementOf(EnumSet.of(CatalogFit.Kind.DOES_NOT_FIT)));

        private final String label;
        private final Set<CatalogFit.Kind> kinds;

        Filter(String label, Set<CatalogFit.Kind> kinds) {
            this.label = label;
            this.kinds = kinds;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One catalog line as the screen shows it; {@code pullable} is false for a model that does not fit or is already whole here. */
    public record CatalogRow(ModelCatalogService.Row row, String title, String detail, String state, boolean pullable) {
        public String id() {
            return row.label().replaceAll("[^A-Za-z0-9_.-]", "-");
        }
    }

    private final AppContext ctx;
    private final Supplier<ModelCatalogService> service;
    private final MinerViewModel miner;
    private final ReadOnlyListWrapper<CatalogRow> rows = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private ModelCatalogService opened;

    ModelCatalogViewModel(AppContext ctx, Supplier<ModelCatalogService> service, MinerViewModel miner) {
        this.ctx = ctx;
        this.service = service;
        this.miner = miner;
        filter.addListener((o, a, b) -> load());
    }

    private synchronized ModelCatalogService service() {
        if (opened == null) {
            opened = service.get();
        }
        return opened;
    }

    /** Reads the catalog and the library again (off the UI thread: fit needs the hardware, pulls read SQLite). */
    public CompletableFuture<Void> load() {
        Filter shown = filter.get();
        return ctx.background().run("model catalog", () -> service().list(shown.kinds).stream().map(ModelCatalogViewModel::word).toList(),
                list -> {
                    rows.setAll(list);
                    if (status.get().startsWith("Cannot read the model catalog")) {
                        status.set("");
                    }
                }, e -> status.set("Cannot read the model catalog: " + e))
                .<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    static CatalogRow word(ModelCatalogService.Row r) {
        String size = r.downloaded().map(m -> ByteSizes.format(m.sizeBytes()))
                .orElse(r.quant().size().isPresent() ? ByteSizes.format(r.quant().size().getAsLong()) : "size unknown");
        String title = r.entry().displayName() + " · " + r.quant().quant() + " · " + size + " · licence " + r.entry().licence()
                + " · " + r.fit().kind().label();
        boolean fits = r.fit().kind() != CatalogFit.Kind.DOES_NOT_FIT;
        String state = r.downloaded().isEmpty() ? "" : r.filesMissing() ? "downloaded, files missing" : "downloaded";
        boolean whole = r.downloaded().isPresent() && !r.filesMissing();
        return new CatalogRow(r, title, r.fit().explanation(), state, fits && !whole);
    }

    /** Pulls the row's model into the library (every part verified), with the Miner screen's progress and Cancel. */
    public CompletableFuture<Void> pull(CatalogRow row) {
        if (row == null) {
            status.set("Choose a model of the catalog first.");
            return CompletableFuture.completedFuture(null);
        }
        if (!row.pullable()) {
            status.set(row.row().fit().kind() == CatalogFit.Kind.DOES_NOT_FIT
                    ? row.row().entry().displayName() + " does not fit this machine: " + row.row().fit().explanation()
                    : row.row().entry().displayName() + " " + row.row().quant().quant() + " is already in the library.");
            return CompletableFuture.completedFuture(null);
        }
        status.set("");
        String label = row.row().label();
        return miner.runDownload("Downloading " + row.row().entry().displayName() + " " + row.row().quant().quant() + "...",
                (progress, cancel) -> service().pull(label, progress, cancel,
                        said -> ctx.background().ui().execute(() -> status.set(said.strip()))).model(),
                m -> status.set("Download failed: " + m))
                .thenCompose(v -> load());
    }

    public ReadOnlyListProperty<CatalogRow> rows() { return rows.getReadOnlyProperty(); }
    public ObjectProperty<Filter> filterProperty() { return filter; }
    /** Errors and what a pull says before its bytes flow (a hash read from the host), in words. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public List<Filter> filters() { return List.of(Filter.values()); }
}
