package org.poq.app.gui.validator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import org.poq.app.evaluators.EvaluatorDownloads;
import org.poq.app.gui.shell.AppContext;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.EvaluatorCatalog;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.evaluator.Evaluators;
import org.poq.core.ByteSizes;

/**
 * The Validator screen's evaluators card: what is installed, the catalog, download and import — the same
 * classes as `poq evaluators` (EvaluatorCatalog, EvaluatorDownloads, Evaluators.importPackage).
 */
public final class EvaluatorCatalogViewModel {
    /** One line of the catalog list; {@code downloadable} is false for an entry without verified hashes. */
    public record CatalogRow(EvaluatorCatalog.Entry entry, String label, boolean downloadable) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final AppContext ctx;
    private final EvaluatorCatalog catalog;
    private final EvaluatorDownloads downloads;
    private final ReadOnlyListWrapper<String> installed = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<CatalogRow> entries = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);

    public EvaluatorCatalogViewModel(AppContext ctx, EvaluatorCatalog catalog, EvaluatorDownloads downloads) {
        this.ctx = ctx;
        this.catalog = catalog;
        this.downloads = downloads;
        for (EvaluatorCatalog.Entry e : catalog.entries()) {
            String size = e.size() > 0 ? ", " + ByteSizes.format(e.size()) : "";
            entries.add(new CatalogRow(e, e.name() + " (" + e.licence() + size + ")"
                    + (e.downloadable() ? " - " + e.availability() : " - not downloadable yet: no verified SHA-256"), e.downloadable()));
        }
    }

    public static EvaluatorCatalogViewModel bundled(AppContext ctx) {
        return new EvaluatorCatalogViewModel(ctx, EvaluatorCatalog.bundled(), EvaluatorDownloads.withDefaults());
    }

    public CompletableFuture<List<String>> load() {
        return ctx.background().run("evaluators", () -> {
            DefaultEvaluator.install(ctx.paths());
            List<String> out = new ArrayList<>();
            for (EvaluatorPackage p : Evaluators.installed(ctx.paths())) {
                out.add(p.name() + " (" + p.kind().wireName() + ", " + p.id().hex().substring(0, 16) + "…)"
                        + (p.id().equals(DefaultEvaluator.id()) ? " - default" : ""));
            }
            return out;
        }, installed::setAll, status::set);
    }

    public CompletableFuture<Void> download(CatalogRow row) {
        if (row == null) {
            status.set("Choose an evaluator from the catalog first.");
            return CompletableFuture.completedFuture(null);
        }
        progress.set(0);
        status.set("Downloading " + row.entry().name() + "…");
        return ctx.background().run("evaluator download", () -> downloads.download(row.entry(), ctx.paths().evaluators(),
                        (done, total) -> ctx.background().ui().execute(() -> progress.set(total > 0 ? done / (double) total : -1))),
                p -> {
                    progress.set(-1);
                    status.set("Downloaded, verified and installed: " + p.name() + " (id " + p.id().hex().substring(0, 16) + "…)");
                }, e -> {
                    progress.set(-1);
                    status.set(e);
                }).thenCompose(p -> load()) // done when the installed list shows it: two reloads never overlap
                .<Void>thenApply(p -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> importFrom(Path source) {
        return ctx.background().run("evaluator import", () -> Evaluators.importPackage(source, ctx.paths()), p -> {
            status.set("Imported: " + p.name() + " (id " + p.id().hex().substring(0, 16) + "…)");
        }, status::set).thenCompose(p -> load()).<Void>thenApply(p -> null).exceptionally(e -> null);
    }

    public ReadOnlyListProperty<String> installed() { return installed.getReadOnlyProperty(); }
    public ReadOnlyListProperty<CatalogRow> entries() { return entries.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** 0..1 while a download runs, -1 otherwise. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public EvaluatorCatalog catalog() { return catalog; }
}
