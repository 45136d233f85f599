package org.poq.app.gui.serve;

import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.poq.app.gui.shell.Copying;
import org.poq.app.gui.shell.Ui;

/** The card on the Settings screen that switches the OpenAI-compatible endpoint on and off. */
public final class ServeView extends VBox {
    public ServeView(ServeViewModel vm) {
        super(8);
        TextField port = field("serve-port", 6, vm.portProperty());
        TextField perRequest = field("serve-limit-request", 8, vm.perRequestProperty());
        TextField perDay = field("serve-limit-day", 8, vm.perDayProperty());
        TextField cors = field("serve-cors", 24, vm.corsOriginProperty());
        cors.setPromptText("off (e.g. http://localhost:3000)");
        PasswordField password = new PasswordField();
        password.setId("serve-password");
        password.textProperty().bindBidirectional(vm.passwordProperty());
        GridPane form = Ui.form();
        Ui.row(form, 0, "Port on 127.0.0.1", port);
        Ui.row(form, 1, "Limit per request (POQ)", perRequest);
        Ui.row(form, 2, "Limit per day (POQ)", perDay);
        Ui.row(form, 3, "Allowed browser origin", cors);
        Ui.row(form, 4, "Wallet password", password);
        form.disableProperty().bind(vm.runningProperty());
        Button start = new Button("Start serving");
        start.setId("serve-start");
        start.setOnAction(e -> vm.start());
        start.disableProperty().bind(vm.runningProperty());
        Button stop = new Button("Stop");
        stop.setId("serve-stop");
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.runningProperty().not());
        Button newKey = new Button("New key");
        newKey.setId("serve-new-key");
        newKey.setOnAction(e -> vm.newKey());
        newKey.disableProperty().bind(vm.runningProperty().not());
        Label status = new Label();
        status.setId("serve-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        TextField key = new TextField();
        key.setId("serve-key");
        key.setEditable(false);
        key.textProperty().bind(vm.keyProperty());
        Label keyNote = Ui.muted("Copy the API key now: it is shown once, and only its hash is kept.");
        Button copyKey = Copying.button("Copy key", () -> vm.keyProperty().get());
        copyKey.setId("serve-copy-key");
        copyKey.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(key, Priority.ALWAYS);
        HBox keyRow = new HBox(8, key, copyKey);
        keyRow.visibleProperty().bind(vm.keyProperty().isNotEmpty());
        keyRow.managedProperty().bind(keyRow.visibleProperty());
        key.visibleProperty().bind(keyRow.visibleProperty());
        keyNote.visibleProperty().bind(key.visibleProperty());
        keyNote.managedProperty().bind(key.visibleProperty());
        getChildren().addAll(Ui.section("OpenAI-compatible endpoint"),
                Ui.muted("Any OpenAI client (editor plugins, chat apps, scripts) can ask the network at http://127.0.0.1:PORT/v1; "
                        + "each answer carries its quality evidence. Fees are paid from your wallet's first account."),
                form, new HBox(8, start, stop, newKey), Ui.error(vm.errorProperty(), "serve-error"), status, keyRow, keyNote);
    }

    private static TextField field(String id, int columns, StringProperty p) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(columns);
        t.setMaxWidth(Region.USE_PREF_SIZE);
        t.textProperty().bindBidirectional(p);
        return t;
    }
}
