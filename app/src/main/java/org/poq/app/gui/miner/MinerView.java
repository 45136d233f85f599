package org.poq.app.gui.miner;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
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

/** Model library, hardware fit, the node, tokens/s and earnings charts, jobs. */
public final class MinerView extends ScrollPane {
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
        download.setOnAction(e -> vm.download());
        download.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.downloadProgressProperty());
        progress.visibleProperty().bind(vm.downloadProgressProperty().greaterThanOrEqualTo(0));
        Label libStatus = new Label();
        libStatus.textProperty().bind(vm.libraryStatusProperty());
        VBox library = Ui.card(Ui.section("Model library"), new HBox(8, models, importButton, bundled, verify),
                new HBox(8, url, sha, download, progress), libStatus);

        Label hw = new Label();
        hw.setId("miner-hardware");
        hw.setWrapText(true);
        hw.textProperty().bind(vm.hardwareProperty());
        Label fit = new Label();
        fit.setId("miner-fit");
        fit.setWrapText(true);
        fit.textProperty().bind(vm.fitProperty());
        VBox hardware = Ui.card(Ui.section("Hardware"), hw, fit);

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

        setContent(Ui.page(Ui.title("Miner"), top, node, charts,
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

    private static final class ModelCell extends ListCell<ModelRecord> {
        @Override
        protected void updateItem(ModelRecord m, boolean empty) {
            super.updateItem(m, empty);
            setText(empty || m == null ? null : m.name() + " (" + m.quantization() + ", " + MinerViewModel.gb(m.sizeBytes()) + ")");
        }
    }
}
