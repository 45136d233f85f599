package org.poq.app.gui.miner;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
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
        download.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        download.visibleProperty().bind(vm.downloadingProperty().not());
        download.managedProperty().bind(download.visibleProperty());
        // in the download's place while it runs: a stalled server or a wrong file need not be waited out
        Button cancelDownload = new Button("Cancel download", Ui.icon(Feather.X_CIRCLE));
        cancelDownload.setId("miner-download-cancel");
        cancelDownload.setOnAction(e -> vm.cancelDownload());
        cancelDownload.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        cancelDownload.visibleProperty().bind(vm.downloadingProperty());
        cancelDownload.managedProperty().bind(cancelDownload.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.downloadProgressProperty());
        progress.visibleProperty().bind(vm.downloadProgressProperty().greaterThanOrEqualTo(0));
        Label libStatus = new Label();
        libStatus.textProperty().bind(vm.libraryStatusProperty());
        // a flow, not a row: at 1180 x 800 a row cut the buttons' labels ("Import GG…", "Add bundled demo m…")
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(8, 8, models, importButton, bundled, verify);
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

        setContent(Ui.page(Ui.title("Miner"), top, settings, node, charts,
                Ui.card(Ui.section("Jobs"), NodeViews.jobs(vm.node().jobs(), "miner-jobs"))));
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

    /** GPU layers, context, threads and chat format, defaulting from the memory fit; errors under each field. */
    private static VBox engineSettings(MinerViewModel vm) {
        TextField layers = number("miner-gpu-layers", vm.gpuLayersProperty(), "-1 = all");
        TextField context = number("miner-context", vm.contextProperty(), "tokens");
        TextField threads = number("miner-threads", vm.threadsProperty(), "1-512");
        ComboBox<String> format = new ComboBox<>();
        format.setId("miner-chat-format");
        format.getItems().add("");
        format.getItems().addAll(org.poq.miner.chat.ChatFamily.choices().split(", "));
        format.setConverter(new javafx.util.StringConverter<>() {
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
        javafx.scene.layout.GridPane grid = Ui.form();
        grid.add(new Label("GPU layers"), 0, 0);
        grid.add(withError(layers, vm.gpuLayersErrorProperty(), "miner-gpu-layers-error"), 1, 0);
        grid.add(new Label("Context"), 2, 0);
        grid.add(withError(context, vm.contextErrorProperty(), "miner-context-error"), 3, 0);
        grid.add(new Label("Threads"), 0, 1);
        grid.add(withError(threads, vm.threadsErrorProperty(), "miner-threads-error"), 1, 1);
        grid.add(new Label("Chat format"), 2, 1);
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

    private static TextField number(String id, javafx.beans.property.StringProperty value, String hint) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(7);
        f.setPromptText(hint);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static VBox withError(javafx.scene.Node field, javafx.beans.property.ReadOnlyStringProperty error, String id) {
        return org.poq.app.gui.fields.FieldViews.withError(field, error, id);
    }

    private static final class ModelCell extends ListCell<ModelRecord> {
        @Override
        protected void updateItem(ModelRecord m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : m.name() + " (" + m.quantization() + ", " + org.poq.app.service.ByteSizes.format(m.sizeBytes()) + ")");
        }
    }
}
