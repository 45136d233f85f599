package org.poq.app.gui.validator;

import java.io.File;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.poq.app.gui.shell.Ui;
import javafx.beans.binding.Bindings;
import javafx.scene.layout.Region;

/** The Validator screen's evaluators card: installed evaluators, the catalog with download, and import. */
public final class EvaluatorCatalogCard extends VBox {
    public EvaluatorCatalogCard(EvaluatorCatalogViewModel vm) {
        ListView<String> installed = new ListView<>(vm.installed());
        installed.setId("evaluators-installed");
        installed.setPrefHeight(90);

        ComboBox<EvaluatorCatalogViewModel.CatalogRow> catalog = new ComboBox<>(vm.entries());
        catalog.setId("evaluators-catalog");
        catalog.setMaxWidth(Double.MAX_VALUE);
        Button download = new Button("Download");
        download.setId("evaluators-download");
        download.setMinWidth(Region.USE_PREF_SIZE);
        download.disableProperty().bind(catalog.valueProperty().isNull()
                .or(Bindings.createBooleanBinding(
                        () -> catalog.getValue() != null && !catalog.getValue().downloadable(), catalog.valueProperty())));
        download.setOnAction(e -> vm.download(catalog.getValue()));
        Button importButton = new Button("Import folder…");
        importButton.setId("evaluators-import");
        importButton.setMinWidth(Region.USE_PREF_SIZE);
        importButton.setOnAction(e -> {
            File folder = new DirectoryChooser().showDialog(getScene() == null ? null : getScene().getWindow());
            if (folder != null) {
                vm.importFrom(folder.toPath());
            }
        });
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.progressProperty().greaterThanOrEqualTo(0));
        Label status = new Label();
        status.setId("evaluators-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());

        getChildren().add(Ui.card(Ui.section("Evaluators"), installed,
                Ui.muted("The bundled all-MiniLM-L6-v2 works offline. A cross-encoder from the catalog reads the prompt and the answer "
                        + "together and judges whether the answer answers it, not just whether both are on one topic."),
                new HBox(8, catalog, download, importButton), bar, status));
    }
}
