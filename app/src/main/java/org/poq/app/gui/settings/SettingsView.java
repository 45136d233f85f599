package org.poq.app.gui.settings;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import org.poq.app.service.NetworkChoice;
import org.poq.app.gui.shell.Theme;
import org.poq.app.gui.shell.Ui;
import org.poq.app.gui.shell.Page;

public final class SettingsView extends Page {
    /** @param serve the endpoint's switch, its own card on this screen */
    public SettingsView(SettingsViewModel vm, Node serve) {
        ComboBox<Theme> theme = new ComboBox<>();
        theme.setId("theme");
        theme.getItems().setAll(Theme.values());
        theme.valueProperty().bindBidirectional(vm.themeProperty());
        TextField lock = new TextField();
        lock.setId("auto-lock");
        lock.setPrefColumnCount(5);
        lock.setMaxWidth(Region.USE_PREF_SIZE);
        lock.textProperty().bindBidirectional(vm.autoLockProperty());
        ComboBox<NetworkChoice.Kind> kind = new ComboBox<>();
        kind.getItems().setAll(NetworkChoice.Kind.values());
        kind.valueProperty().bindBidirectional(vm.networkKindProperty());
        TextField value = new TextField();
        value.setPrefColumnCount(30);
        value.textProperty().bindBidirectional(vm.networkValueProperty());
        value.disableProperty().bind(kind.valueProperty().isEqualTo(NetworkChoice.Kind.LOCAL_DEVNET));
        TextField family = new TextField();
        family.textProperty().bindBidirectional(vm.modelFamilyProperty());
        GridPane form = Ui.form();
        Ui.row(form, 0, "Theme", theme);
        Ui.row(form, 1, "Auto-lock (minutes)", lock);
        Ui.row(form, 2, "Network", kind);
        Ui.row(form, 3, "Descriptor file or RPC URL", value);
        Ui.row(form, 4, "Model family", family);
        Button save = new Button("Save");
        save.setId("settings-save");
        save.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        save.setOnAction(e -> vm.save());
        Label status = new Label();
        status.setId("settings-status");
        status.textProperty().bind(vm.statusProperty());
        setContent(Ui.page(Ui.title("Settings"), Ui.card(form), Ui.error(vm.errorProperty(), "settings-error"), save, status,
                Ui.muted("Settings are stored in the app's SQLite database."),
                Ui.card(serve)));
        setFitToWidth(true);
    }
}
