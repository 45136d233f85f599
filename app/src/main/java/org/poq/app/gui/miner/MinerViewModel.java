package org.poq.app.gui.miner;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyMapProperty;
import javafx.beans.property.ReadOnlyMapWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.EngineSettings;
import org.poq.app.service.JobSpeeds;
import org.poq.app.service.ModelCatalogService;
import org.poq.miner.library.DownloadCancel;
import org.poq.app.service.MinerNodes;
import org.poq.app.gui.shell.NodeControl;
import org.poq.core.ByteSizes;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.hardware.MemoryFit;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.poq.network.NodeRole;
import org.poq.network.node.Participation;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.function.Consumer;
import org.poq.app.demo.DemoModel;
import org.poq.app.gui.shell.Settings;
import org.poq.miner.library.DownloadProgress;

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
    private final ReadOnlyMapWrapper<TaskId, JobSpeeds.Speed> speeds = new ReadOnlyMapWrapper<>(FXCollections.observableHashMap());
    private final Field gpuLayers = new Field(new SimpleStringProperty(""));
    private final Field context = new Field(new SimpleStringProperty(""));
    private final Field threads = new Field(new SimpleStringProperty(""));
    private final Field chatFormat = new Field(new SimpleStringProperty(""));
    private final ReadOnlyStringWrapper engineDefaults = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(false);
    private volatile DownloadCancel downloadCancel;
    private volatile Integer modelContext;
    private volatile HardwareInfo hw;
    private volatile String family = Settings.DEFAULT_FAMILY;
    private final Supplier<ModelCatalogService> catalogService;
    private ModelCatalogService openedCatalog;
    private final ModelCatalogViewModel catalog;
    private final OwnAuditsViewModel audits;

    public MinerViewModel(AppContext ctx) {
        this(ctx, () -> ModelCatalogService.open(ctx.paths(), ctx.db()));
    }

    /** @param catalog opens the model catalog over this context's library (a test gives one of its own) */
    public MinerViewModel(AppContext ctx, Supplier<ModelCatalogService> catalog) {
        this.ctx = ctx;
        this.catalogService = catalog;
        this.catalog = new ModelCatalogViewModel(ctx, this::catalogService, this);
        this.node = new NodeControl(ctx, NodeRole.MINER);
        node.onJobsChanged(() -> {
            updateEarnings();
            loadSpeeds();
        });
        this.audits = new OwnAuditsViewModel(ctx, node);
        model.addListener((o, a, m) -> fillDefaults());
        // the fit follows the settings: more context or fewer GPU layers change what the machine must hold
        gpuLayers.text().addListener((o, a, b) -> assessFit());
        context.text().addListener((o, a, b) -> assessFit());
    }

    /** The one catalog service of this screen: the catalog list and the model library share it (opened on first use). */
    private synchronized ModelCatalogService catalogService() {
        if (openedCatalog == null) {
            openedCatalog = catalogService.get();
        }
        return openedCatalog;
    }

    private ModelLibrary library() {
        return catalogService().library();
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
            fillDefaults();
        }, node::reportError).<Void>thenApply(v -> null).exceptionally(e -> null);
        return CompletableFuture.allOf(libraryLoaded, node.loadAccounts(), catalog.load());
    }

    static String describe(HardwareInfo h) {
        String gpus = h.gpus().isEmpty() ? "no GPU found (llama.cpp runs on the CPU)"
                : h.gpus().stream().map(g -> g.name() + (g.vramBytes() > 0 ? " " + ByteSizes.format(g.vramBytes()) + " VRAM" : " (VRAM unknown)"))
                        .reduce((a, b) -> a + ", " + b).orElse("");
        return h.cpu() + ", " + h.logicalCores() + " threads; RAM " + ByteSizes.format(h.availableRamBytes()) + " free of "
                + ByteSizes.format(h.totalRamBytes()) + "; " + gpus;
    }


    /** The engine settings of the chosen model on this machine, from the memory fit (EngineSettings, as poq node's checks). */
    private void fillDefaults() {
        ModelRecord m = model.get();
        HardwareInfo h = hw;
        if (m == null || h == null) {
            assessFit();
            return;
        }
        ctx.background().run("engine defaults", () -> EngineSettings.defaults(ModelMetadata.read(m.path()), h), d -> {
            modelContext = m.contextLength() > 0 ? m.contextLength() : null;
            gpuLayers.text().set(Integer.toString(d.gpuLayers()));
            context.text().set(Integer.toString(d.context()));
            threads.text().set(Integer.toString(d.threads()));
            engineDefaults.set("Defaults for " + m.name() + ": " + d.reason() + ".");
            assessFit();
        }, e -> {
            engineDefaults.set("");
            assessFit();
        });
    }

    private void assessFit() {
        ModelRecord m = model.get();
        HardwareInfo h = hw;
        if (m == null || h == null) {
            fit.set(m == null ? "No model chosen: import a GGUF file or download one." : "");
            return;
        }
        EngineSettings.Checked c = EngineSettings.check(gpuLayers.text().get(), context.text().get(),
                threads.text().get().isBlank() ? "1" : threads.text().get(), "", modelContext);
        int ctxTokens = c.ok() && c.choice().context() != null ? c.choice().context()
                : Math.min(4096, Math.max(512, m.contextLength()));
        int layers = c.ok() ? c.choice().gpuLayers() : 0;
        ctx.background().run("memory fit", () -> {
            MemoryEstimate need = MemoryEstimate.of(ModelMetadata.read(m.path()), ctxTokens, layers);
            MemoryFit f = MemoryFit.assess(need, h);
            return f.verdict().name().replace('_', ' ').toLowerCase() + ": " + f.explanation();
        }, fit::set, e -> fit.set("Cannot read the model: " + e));
    }

    /** Adds the tiny model bundled with the app (random weights: for trying the flow offline, not for earning). */
    public CompletableFuture<Void> addBundledModel() {
        libraryStatus.set("Adding the bundled demo model...");
        return ctx.background().run("bundled model", () -> DemoModel.install(ctx.paths()), p -> { },
                m -> node.reportError("Cannot add the bundled model: " + m)).thenCompose(this::importModel).exceptionally(e -> null);
    }

    public CompletableFuture<Void> importModel(Path file) {
        libraryStatus.set("Importing " + file.getFileName() + "...");
        // the library's list is read with the import, off the UI thread: SQLite never runs on it
        return ctx.background().run("import model", () -> {
            var r = library().importFile(file);
            return Map.entry(r, library().list());
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
        URI uri;
        try {
            uri = URI.create(downloadUrl.get().trim());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("an http(s) URL is needed");
            }
            expected = Sha256.parse(downloadSha.get().trim());
        } catch (RuntimeException e) {
            node.reportError("Cannot download: " + e.getMessage() + " (give the file's URL and its SHA-256)");
            return CompletableFuture.completedFuture(null);
        }
        return runDownload("Downloading...", (progress, cancel) -> library().download(uri, expected, progress, cancel),
                m -> node.reportError("Download failed: " + m));
    }

    /** A download that reports its progress and can be cancelled, as the library's and the catalog's pulls are. */
    @FunctionalInterface
    public interface DownloadJob {
        ModelRecord run(DownloadProgress progress, DownloadCancel cancel);
    }

    /**
     * Runs a download with the screen's progress bar and Cancel button (one at a time); when done the
     * library is read again and the model chosen; a failure goes to {@code failed} in words.
     */
    CompletableFuture<Void> runDownload(String what, DownloadJob job, Consumer<String> failed) {
        if (downloading.get()) {
            failed.accept("A download is running: wait for it or cancel it first.");
            return CompletableFuture.completedFuture(null);
        }
        downloadProgress.set(0);
        libraryStatus.set(what);
        DownloadCancel cancel = new DownloadCancel();
        downloadCancel = cancel;
        downloading.set(true);
        return ctx.background().run("download model", () -> {
            var r = job.run(new DownloadProgress() {
                @Override
                public void update(long done, long total) {
                    ctx.background().ui().execute(() -> {
                        downloadProgress.set(total > 0 ? done / (double) total : -1);
                        if (!libraryStatus.get().equals(what) && !cancel.isCancelled()) {
                            libraryStatus.set(what); // bytes flow again after a stall
                        }
                    });
                }

                @Override
                public void retrying(long done, long total, String reason, int withoutByte, int maxAttempts) {
                    String line = "Connection stalled: " + reason + "; trying again (" + ByteSizes.format(done)
                            + (total > 0 ? " of " + ByteSizes.format(total) : "") + " received, attempt "
                            + (withoutByte + 1) + " of " + maxAttempts + " without a byte)";
                    ctx.background().ui().execute(() -> libraryStatus.set(line));
                }
            }, cancel);
            return Map.entry(r, library().list());
        }, e -> {
            var r = e.getKey();
            downloading.set(false);
            downloadProgress.set(-1);
            libraryStatus.set("Downloaded and verified " + r.name());
            models.setAll(e.getValue());
            model.set(r);
        }, m -> {
            downloading.set(false);
            downloadProgress.set(-1);
            if (cancel.isCancelled()) {
                libraryStatus.set("Download cancelled; the partial file was removed.");
            } else {
                libraryStatus.set("");
                failed.accept(m);
            }
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Stops the running download at once (a blocked read is closed too); the partial file is removed. */
    public void cancelDownload() {
        DownloadCancel c = downloadCancel;
        if (c != null && downloading.get()) {
            libraryStatus.set("Cancelling the download...");
            c.cancel();
        }
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
        node.reportError(""); // a refusal below must not sit beside an older one
        ModelRecord m = model.get();
        TokenAmount stake;
        try {
            stake = node.stakeAmount();
        } catch (IllegalArgumentException e) {
            node.reportError("Invalid stake: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        EngineSettings.Choice choice = null;
        if (m != null) { // without a model there is no engine to set (the screen says to choose one)
            EngineSettings.Checked engineSettings = EngineSettings.check(gpuLayers.text().get(), context.text().get(),
                    threads.text().get(), chatFormat.text().get(), modelContext);
            if (!engineSettings.ok()) {
                showErrors(engineSettings.errors());
                return CompletableFuture.completedFuture(null);
            }
            choice = engineSettings.choice();
        }
        MinerNodes.Setup setup = new MinerNodes.Setup(family,
                m != null ? m.id() : Sha256.of(family.getBytes(StandardCharsets.UTF_8)), m != null ? m.name() : null,
                m != null ? m.path() : null, stake).withEngine(choice);
        engine.set(ctx.nodes().miners().describe(setup));
        return node.start((n, c) -> ctx.nodes().startMiner(n, c, setup),
                r -> r.onTokens(piece -> tokens.incrementAndGet()))
                // once loaded: where it runs and with what context (never waits for a load)
                .thenRun(() -> ctx.background().ui().execute(() -> engine.set(ctx.nodes().miners().describe(setup))));
    }

    private void showErrors(Map<String, String> errors) {
        gpuLayers.fail(errors.getOrDefault(EngineSettings.GPU_LAYERS, ""));
        context.fail(errors.getOrDefault(EngineSettings.CONTEXT, ""));
        threads.fail(errors.getOrDefault(EngineSettings.THREADS, ""));
        chatFormat.fail(errors.getOrDefault(EngineSettings.CHAT_FORMAT, ""));
    }

    /** Turns the tokens counted since the last call into a point of the tokens/s chart. */
    public void sampleTokenRate(double seconds) {
        double rate = tokens.getAndSet(0) / seconds;
        tokenRates.add(rate);
        if (tokenRates.size() > 60) {
            tokenRates.remove(0);
        }
    }

    /**
     * Each answered job's tokens and tokens/s as the engine timed them: the chart samples once a second and
     * reads 0.0 right after an answer, a job's own figure stays (issue 27).
     */
    private CompletableFuture<Void> loadSpeeds() {
        String me = node.nodeAccount();
        if (me == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("job speeds", () -> JobSpeeds.read(ctx.db(), me), read -> {
            if (me.equalsIgnoreCase(String.valueOf(node.nodeAccount()))) {
                speeds.keySet().retainAll(read.keySet());
                speeds.putAll(read);
            }
        }, node::reportError).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private void updateEarnings() {
        List<Participation> jobs = new ArrayList<>(node.jobList());
        Collections.reverse(jobs);
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
    public ModelCatalogViewModel catalog() { return catalog; }
    /** The audits of this miner's own answers (OwnAudits, as `poq task` reads them). */
    public OwnAuditsViewModel audits() { return audits; }
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
    /** The tokens and tokens/s of each answered job, by task (none for a job the node did not answer). */
    public ReadOnlyMapProperty<TaskId, JobSpeeds.Speed> speeds() { return speeds.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Double> earnings() { return earnings.getReadOnlyProperty(); }
    public StringProperty gpuLayersProperty() { return gpuLayers.text(); }
    public ReadOnlyStringProperty gpuLayersErrorProperty() { return gpuLayers.error(); }
    public StringProperty contextProperty() { return context.text(); }
    public ReadOnlyStringProperty contextErrorProperty() { return context.error(); }
    public StringProperty threadsProperty() { return threads.text(); }
    public ReadOnlyStringProperty threadsErrorProperty() { return threads.error(); }
    public StringProperty chatFormatProperty() { return chatFormat.text(); }
    public ReadOnlyStringProperty chatFormatErrorProperty() { return chatFormat.error(); }
    public ReadOnlyStringProperty engineDefaultsProperty() { return engineDefaults.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty downloadingProperty() { return downloading.getReadOnlyProperty(); }
}
