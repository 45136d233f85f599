package org.poq.app.gui.miner;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.collections.MapChangeListener;
import java.util.function.Function;
import org.poq.app.service.JobSpeeds;
import org.poq.core.TaskId;
import org.poq.network.node.Participation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.shell.NodeViews;
import org.poq.app.gui.shell.Ui;
import org.poq.miner.library.ModelRecord;
import org.poq.app.gui.shell.Page;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.poq.app.gui.fields.FieldViews;
import org.poq.core.ByteSizes;
import org.poq.miner.chat.ChatFamily;

/** Model library, hardware fit, the node, tokens/s and earnings charts, jobs. */
public final class MinerView extends Page {
    public MinerView(MinerViewModel vm) {
        ComboBox<ModelRecord> models = new ComboBox<>(vm.models());
        models.setId("miner-model");
        models.setPromptText("no model imported yet");
        models.valueProperty().bindBidirectional(vm.modelProperty());
        models.setCellFactory(l -> new ModelCell());
        models.setButtonCell(new ModelCell());
        Button importButton = new Button("Import GGUF…", Ui.icon(Feather.FOLDER_PLUS));
        importButton.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("GGUF models", "*.gguf"));
            var f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.importModel(f.toPath());
            }
        });
        Button bundled = new Button("Add bundled demo model", Ui.icon(Feather.PACKAGE));
        bundled.setId("miner-bundled");
        bundled.setOnAction(e -> vm.addBundledModel());
        Button verify = new Button("Verify", Ui.icon(Feather.CHECK_CIRCLE));
        verify.setOnAction(e -> vm.verify());
        TextField url = new TextField();
        url.setPromptText("https://…/model.gguf");
        url.setPrefColumnCount(22);
        url.textProperty().bindBidirectional(vm.downloadUrlProperty());
        TextField sha = new TextField();
        sha.setPromptText("SHA-256");
        sha.setPrefColumnCount(14);
        sha.textProperty().bindBidirectional(vm.downloadShaProperty());
        Button download = new Button("Download", Ui.icon(Feather.DOWNLOAD));
        download.setId("miner-download");
        download.setOnAction(e -> vm.download());
        download.setMinWidth(Region.USE_PREF_SIZE);
        download.visibleProperty().bind(vm.downloadingProperty().not());
        download.managedProperty().bind(download.visibleProperty());
        // in the download's place while it runs: a stalled server or a wrong file need not be waited out
        Button cancelDownload = new Button("Cancel download", Ui.icon(Feather.X_CIRCLE));
        cancelDownload.setId("miner-download-cancel");
        cancelDownload.setOnAction(e -> vm.cancelDownload());
        cancelDownload.setMinWidth(Region.USE_PREF_SIZE);
        cancelDownload.visibleProperty().bind(vm.downloadingProperty());
        cancelDownload.managedProperty().bind(cancelDownload.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.downloadProgressProperty());
        progress.visibleProperty().bind(vm.downloadProgressProperty().greaterThanOrEqualTo(0));
        Label libStatus = new Label();
        libStatus.setId("miner-library-status");
        libStatus.setWrapText(true);
        libStatus.textProperty().bind(vm.libraryStatusProperty());
        // a flow, not a row: at 1180 x 800 a row cut the buttons' labels ("Import GG…", "Add bundled demo m…")
        FlowPane buttons = new FlowPane(8, 8, models, importButton, bundled, verify);
        VBox library = Ui.card(Ui.section("Model library"), buttons,
                new HBox(8, url, sha, download, cancelDownload, progress), libStatus);

        Label hw = new Label();
        hw.setId("miner-hardware");
        hw.setWrapText(true);
        hw.textProperty().bind(vm.hardwareProperty());
        Label fit = new Label();
        fit.setId("miner-fit");
        fit.setWrapText(true);
        fit.textProperty().bind(vm.fitProperty());
        VBox hardware = Ui.card(Ui.section("Hardware"), hw, fit);

        VBox settings = engineSettings(vm);

        Label engine = new Label();
        engine.textProperty().bind(vm.engineProperty());
        VBox node = NodeViews.nodeCard(vm.node(), "miner", engine, vm::start);

        var rate = NodeViews.chart("Tokens per second", "second", vm.tokenRates());
        var earned = NodeViews.chart("Earnings (POQ, cumulative)", "job", vm.earnings());
        HBox charts = new HBox(14, rate, earned);
        HBox.setHgrow(rate, Priority.ALWAYS);
        HBox.setHgrow(earned, Priority.ALWAYS);
        HBox top = new HBox(14, library, hardware);
        HBox.setHgrow(library, Priority.ALWAYS);
        hardware.setPrefWidth(360);

        setContent(Ui.page(Ui.title("Miner"), top, settings, node, catalog(vm), charts,
                Ui.card(Ui.section("Jobs"), NodeViews.ledger(vm.node(), "miner"), jobs(vm)),
                auditsCard(vm.audits())));
        setFitToWidth(true);

        // the sampler reads a counter only; the view owns the timer so a test can drive the view model alone
        Timeline sampler = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            if (vm.node().runningProperty().get()) {
                vm.sampleTokenRate(1.0);
            }
        }));
        sampler.setCycleCount(Timeline.INDEFINITE);
        sampler.play();
    }

    /**
     * The node's jobs with each answer's tokens and tokens/s beside its state (issue 27: the chart alone
     * read 0.0 right after an answer); "-" for a job the node did not answer.
     */
    private static TableView<Participation> jobs(MinerViewModel vm) {
        TableView<Participation> t = NodeViews.jobs(vm.node().jobs(), "miner-jobs");
        t.getColumns().add(2, Ui.col("Tokens", p -> speed(vm, p, JobSpeeds.Speed::tokensText)));
        t.getColumns().add(3, Ui.col("Tokens/s", p -> speed(vm, p, JobSpeeds.Speed::perSecondText)));
        // the figures are read after the rows: the cells are asked again when they come
        vm.speeds().addListener((MapChangeListener<TaskId, JobSpeeds.Speed>) c -> t.refresh());
        return t;
    }

    private static String speed(MinerViewModel vm, Participation p, Function<JobSpeeds.Speed, String> part) {
        JobSpeeds.Speed s = vm.speeds().get(p.taskId());
        return s == null ? "-" : part.apply(s);
    }

    /**
     * The model catalog: a line per quantisation with its size, licence and fit here, a Download per line
     * (the library card's progress bar and Cancel follow it), errors in words under the list.
     */
    private static VBox catalog(MinerViewModel vm) {
        ModelCatalogViewModel c = vm.catalog();
        ComboBox<ModelCatalogViewModel.Filter> filter = new ComboBox<>(FXCollections.observableArrayList(c.filters()));
        filter.setId("miner-catalog-filter");
        filter.valueProperty().bindBidirectional(c.filterProperty());
        VBox lines = new VBox(6);
        lines.setId("miner-catalog");
        Runnable fill = () -> lines.getChildren().setAll(c.rows().stream().map(r -> catalogLine(vm, r)).toList());
        c.rows().addListener((ListChangeListener<ModelCatalogViewModel.CatalogRow>) ch -> fill.run());
        fill.run();
        Label empty = Ui.muted("No model of the catalog fits this machine.");
        empty.visibleProperty().bind(Bindings.isEmpty(c.rows()));
        empty.managedProperty().bind(empty.visibleProperty());
        Label status = new Label();
        status.setId("miner-catalog-status");
        status.setWrapText(true);
        status.textProperty().bind(c.statusProperty());
        return Ui.card(Ui.section("Model catalog"), new HBox(8, new Label("Show"), filter),
                Ui.muted("Each model is labelled by how it runs here at its recommended context: full GPU, partial offload, "
                        + "CPU only, or does not fit. The same catalog as poq models catalog and poq models pull."),
                lines, empty, status);
    }

    private static BorderPane catalogLine(MinerViewModel vm, ModelCatalogViewModel.CatalogRow r) {
        Label title = new Label(r.title());
        title.setId("miner-catalog-row-" + r.id());
        title.setWrapText(true);
        Label detail = Ui.muted(r.detail());
        detail.setWrapText(true);
        Label state = new Label(r.state());
        state.setId("miner-catalog-state-" + r.id());
        Button pull = new Button("Download", Ui.icon(Feather.DOWNLOAD));
        pull.setId("miner-catalog-pull-" + r.id());
        pull.setMinWidth(Region.USE_PREF_SIZE);
        pull.setDisable(!r.pullable());
        if (r.pullable()) {
            pull.disableProperty().bind(vm.downloadingProperty());
        }
        pull.setOnAction(e -> vm.catalog().pull(r));
        VBox text = new VBox(2, title, detail);
        text.setMinWidth(0);
        HBox actions = new HBox(10, state, pull);
        actions.setAlignment(Pos.CENTER_RIGHT);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        // a border pane, not a row: the wrapping text takes what the actions leave
        BorderPane line = new BorderPane(text, null, actions, null, null);
        BorderPane.setMargin(actions, new Insets(0, 0, 0, 10));
        return line;
    }

    /** Each finished task's audit of this miner's answer: the verdict, positions checked, each auditor's mismatches. */
    private static VBox auditsCard(OwnAuditsViewModel audits) {
        ListView<String> list = new ListView<>(audits.lines());
        list.setId("miner-audits");
        list.setPrefHeight(110);
        list.setPlaceholder(new Label("The audits of your answers appear here once their tasks are finalized"));
        return Ui.card(Ui.section("Audits of my answers"), list);
    }

    /** GPU layers, context, threads and chat format, defaulting from the memory fit; errors under each field. */
    private static VBox engineSettings(MinerViewModel vm) {
        TextField layers = number("miner-gpu-layers", vm.gpuLayersProperty(), "-1 = all");
        TextField context = number("miner-context", vm.contextProperty(), "tokens");
        TextField threads = number("miner-threads", vm.threadsProperty(), "1-512");
        ComboBox<String> format = new ComboBox<>();
        format.setId("miner-chat-format");
        format.getItems().add("");
        format.getItems().addAll(ChatFamily.choices().split(", "));
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? "auto (the file's own)" : s;
            }

            @Override
            public String fromString(String s) {
                return s == null || s.startsWith("auto") ? "" : s;
            }
        });
        format.valueProperty().bindBidirectional(vm.chatFormatProperty());
        GridPane grid = Ui.form();
        grid.add(label("GPU layers"), 0, 0);
        grid.add(withError(layers, vm.gpuLayersErrorProperty(), "miner-gpu-layers-error"), 1, 0);
        grid.add(label("Context"), 2, 0);
        grid.add(withError(context, vm.contextErrorProperty(), "miner-context-error"), 3, 0);
        grid.add(label("Threads"), 0, 1);
        grid.add(withError(threads, vm.threadsErrorProperty(), "miner-threads-error"), 1, 1);
        grid.add(label("Chat format"), 2, 1);
        grid.add(withError(format, vm.chatFormatErrorProperty(), "miner-chat-format-error"), 3, 1);
        Label defaults = new Label();
        defaults.setId("miner-engine-defaults");
        defaults.setWrapText(true);
        defaults.textProperty().bind(vm.engineDefaultsProperty());
        defaults.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        return Ui.card(Ui.section("Engine settings"), grid, defaults,
                Ui.muted("The same settings as poq node --gpu-layers, --context, --threads and --chat-format; "
                        + "a chat format is needed only for a model whose template PoQ does not recognise."));
    }

    /** A field's name that keeps its whole text while an error under a field narrows the column ("GPU…", "Cont…"). */
    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static TextField number(String id, StringProperty value, String hint) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(7);
        f.setPromptText(hint);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static VBox withError(Node field, ReadOnlyStringProperty error, String id) {
        return FieldViews.withError(field, error, id);
    }

    private static final class ModelCell extends ListCell<ModelRecord> {
        @Override
        protected void updateItem(ModelRecord m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : m.name() + " (" + m.quantization() + ", " + ByteSizes.format(m.sizeBytes()) + ")");
        }
    }
}
