package org.poq.app.gui.miner;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.MinerNodes;
import org.poq.app.gui.shell.NodeControl;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.hardware.MemoryFit;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.poq.network.node.Participation;

/**
 * The miner screen: the model library (import, download with progress, verify), what the machine
 * can hold, start and stop, tokens per second while answering, and the jobs with what each earned.
 */
public final class MinerViewModel {
    private final AppContext ctx;
    private final NodeControl node;
    private final ReadOnlyListWrapper<ModelRecord> models = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ObjectProperty<ModelRecord> model = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper hardware = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fit = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper engine = new ReadOnlyStringWrapper("");
    private final StringProperty downloadUrl = new SimpleStringProperty("");
    private final StringProperty downloadSha = new SimpleStringProperty("");
    private final ReadOnlyDoubleWrapper downloadProgress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper libraryStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyListWrapper<Double> tokenRates = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Double> earnings = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final AtomicLong tokens = new AtomicLong();
    private volatile HardwareInfo hw;
    private volatile String family = org.poq.app.gui.shell.Settings.DEFAULT_FAMILY;
    private ModelLibrary library;

    public MinerViewModel(AppContext ctx) {
        this.ctx = ctx;
        this.node = new NodeControl(ctx, "miner");
        node.onJobsChanged(this::updateEarnings);
        model.addListener((o, a, m) -> assessFit());
    }

    private synchronized ModelLibrary library() {
        if (library == null) {
            library = new ModelLibrary(ctx.db(), ctx.paths().models(), ModelDownloader.withDefaults());
        }
        return library;
    }

    /** Loads accounts, the library and the hardware description. */
    public CompletableFuture<Void> load() {
        CompletableFuture<Void> libraryLoaded = ctx.background().run("model library", () -> {
            if (hw == null) {
                hw = HardwareInfo.detect();
            }
            family = ctx.settings().modelFamily();
            return library().list();
        }, list -> {
            models.setAll(list);
            if (model.get() == null && !list.isEmpty()) {
                model.set(list.get(0));
            }
            hardware.set(describe(hw));
            assessFit();
        }, node::reportError).<Void>thenApply(v -> null).exceptionally(e -> null);
        return CompletableFuture.allOf(libraryLoaded, node.loadAccounts());
    }

    static String describe(HardwareInfo h) {
        String gpus = h.gpus().isEmpty() ? "no GPU found (llama.cpp runs on the CPU)"
                : h.gpus().stream().map(g -> g.name() + (g.vramBytes() > 0 ? " " + gb(g.vramBytes()) + " VRAM" : " (VRAM unknown)"))
                        .reduce((a, b) -> a + ", " + b).orElse("");
        return h.cpu() + ", " + h.logicalCores() + " threads; RAM " + gb(h.availableRamBytes()) + " free of "
                + gb(h.totalRamBytes()) + "; " + gpus;
    }

    static String gb(long bytes) {
        // a demo model or a small quantization is well under 0.1 GB: "0.0 GB" would read as empty
        return bytes < 100_000_000L ? String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private void assessFit() {
        ModelRecord m = model.get();
        HardwareInfo h = hw;
        if (m == null || h == null) {
            fit.set(m == null ? "No model chosen: import a GGUF file or download one." : "");
            return;
        }
        ctx.background().run("memory fit", () -> {
            MemoryEstimate need = MemoryEstimate.of(ModelMetadata.read(m.path()), Math.min(4096, Math.max(512, m.contextLength())), 0);
            MemoryFit f = MemoryFit.assess(need, h);
            return f.verdict().name().replace('_', ' ').toLowerCase() + ": " + f.explanation();
        }, fit::set, e -> fit.set("Cannot read the model: " + e));
    }

    /** Adds the tiny model bundled with the app (random weights: for trying the flow offline, not for earning). */
    public CompletableFuture<Void> addBundledModel() {
        libraryStatus.set("Adding the bundled demo model...");
        return ctx.background().run("bundled model", () -> org.poq.app.demo.DemoModel.install(ctx.paths()), p -> { },
                m -> node.reportError("Cannot add the bundled model: " + m)).thenCompose(this::importModel).exceptionally(e -> null);
    }

    public CompletableFuture<Void> importModel(Path file) {
        libraryStatus.set("Importing " + file.getFileName() + "...");
        // the library's list is read with the import, off the UI thread: SQLite never runs on it
        return ctx.background().run("import model", () -> {
            var r = library().importFile(file);
            return java.util.Map.entry(r, library().list());
        }, e -> {
            var r = e.getKey();
            libraryStatus.set("Imported " + r.name());
            models.setAll(e.getValue());
            model.set(r);
        }, m -> {
            libraryStatus.set("");
            node.reportError("Import failed: " + m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> download() {
        Sha256 expected;
        java.net.URI uri;
        try {
            uri = java.net.URI.create(downloadUrl.get().trim());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("an http(s) URL is needed");
            }
            expected = Sha256.parse(downloadSha.get().trim());
        } catch (RuntimeException e) {
            node.reportError("Cannot download: " + e.getMessage() + " (give the file's URL and its SHA-256)");
            return CompletableFuture.completedFuture(null);
        }
        downloadProgress.set(0);
        libraryStatus.set("Downloading...");
        return ctx.background().run("download model", () -> {
            var r = library().download(uri, expected, (done, total) ->
                    ctx.background().ui().execute(() -> downloadProgress.set(total > 0 ? done / (double) total : -1)));
            return java.util.Map.entry(r, library().list());
        }, e -> {
            var r = e.getKey();
            downloadProgress.set(-1);
            libraryStatus.set("Downloaded and verified " + r.name());
            models.setAll(e.getValue());
            model.set(r);
        }, m -> {
            downloadProgress.set(-1);
            libraryStatus.set("");
            node.reportError("Download failed: " + m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Hashes the model file again and compares it with the id it was imported under. */
    public CompletableFuture<Void> verify() {
        ModelRecord m = model.get();
        if (m == null) {
            node.reportError("Choose a model to verify.");
            return CompletableFuture.completedFuture(null);
        }
        libraryStatus.set("Verifying " + m.name() + "...");
        return ctx.background().run("verify model", () -> Sha256.ofFile(m.path()).equals(m.id()),
                ok -> libraryStatus.set(ok ? m.name() + ": SHA-256 verified" : m.name() + ": the file changed since import; re-import it"),
                node::reportError).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> start() {
        ModelRecord m = model.get();
        TokenAmount stake;
        try {
            stake = node.stakeAmount();
        } catch (IllegalArgumentException e) {
            node.reportError("Invalid stake: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        MinerNodes.Setup setup = new MinerNodes.Setup(family,
                m != null ? m.id() : Sha256.of(family.getBytes(StandardCharsets.UTF_8)), m != null ? m.name() : null,
                m != null ? m.path() : null, stake);
        engine.set(ctx.nodes().miners().describe(setup));
        return node.start((n, c) -> ctx.nodes().startMiner(n, c, setup),
                r -> r.onTokens(piece -> tokens.incrementAndGet()));
    }

    /** Turns the tokens counted since the last call into a point of the tokens/s chart. */
    public void sampleTokenRate(double seconds) {
        double rate = tokens.getAndSet(0) / seconds;
        tokenRates.add(rate);
        if (tokenRates.size() > 60) {
            tokenRates.remove(0);
        }
    }

    private void updateEarnings() {
        List<Participation> jobs = new ArrayList<>(node.jobList());
        java.util.Collections.reverse(jobs);
        List<Double> cumulative = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Participation p : jobs) {
            if (p.rewardWei() != null) {
                total = total.add(new BigDecimal(TokenAmount.ofWei(p.rewardWei()).toPlainString()));
            }
            if (p.slashedWei() != null) {
                total = total.subtract(new BigDecimal(TokenAmount.ofWei(p.slashedWei()).toPlainString()));
            }
            cumulative.add(total.doubleValue());
        }
        earnings.setAll(cumulative);
    }

    public NodeControl node() { return node; }
    public ReadOnlyListProperty<ModelRecord> models() { return models.getReadOnlyProperty(); }
    public ObjectProperty<ModelRecord> modelProperty() { return model; }
    public ReadOnlyStringProperty hardwareProperty() { return hardware.getReadOnlyProperty(); }
    public ReadOnlyStringProperty fitProperty() { return fit.getReadOnlyProperty(); }
    public ReadOnlyStringProperty engineProperty() { return engine.getReadOnlyProperty(); }
    public StringProperty downloadUrlProperty() { return downloadUrl; }
    public StringProperty downloadShaProperty() { return downloadSha; }
    public ReadOnlyDoubleProperty downloadProgressProperty() { return downloadProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty libraryStatusProperty() { return libraryStatus.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Double> tokenRates() { return tokenRates.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Double> earnings() { return earnings.getReadOnlyProperty(); }
}
