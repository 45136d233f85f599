package org.poq.app.gui.wallet;

import static org.poq.app.gui.fields.FieldViews.withError;

import java.io.File;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.shell.Ui;

/**
 * The Wallet screen's "Backup and keys" card: the recovery phrase behind the password, a key exported
 * to a keystore file (its password typed twice, the folder chosen), a keystore file imported under a
 * name of the user's choosing.
 */
final class BackupCard {
    private BackupCard() {
    }

    static VBox of(WalletViewModel vm) {
        PasswordField pw = new PasswordField();
        pw.setId("backup-password");
        pw.setPromptText("wallet password");
        pw.textProperty().bindBidirectional(vm.backupPasswordProperty());
        pw.setOnAction(e -> vm.revealPhrase());
        Button reveal = new Button("Show recovery phrase", Ui.icon(Feather.EYE));
        reveal.setId("reveal-phrase");
        reveal.setMinWidth(Region.USE_PREF_SIZE);
        reveal.setOnAction(e -> vm.revealPhrase());
        Button hide = new Button("Hide", Ui.icon(Feather.EYE_OFF));
        hide.setOnAction(e -> vm.hidePhrase());
        hide.visibleProperty().bind(vm.revealedWords().emptyProperty().not());
        FlowPane words = new FlowPane(8, 8);
        words.setId("revealed-words");
        vm.revealedWords().addListener((ListChangeListener<String>) c -> {
            words.getChildren().clear();
            for (int i = 0; i < vm.revealedWords().size(); i++) {
                Label w = new Label((i + 1) + ". " + vm.revealedWords().get(i));
                w.getStyleClass().add("poq-seed-word");
                words.getChildren().add(w);
            }
        });
        PasswordField exportPw = new PasswordField();
        exportPw.setId("export-password");
        exportPw.setPromptText("new password for the file");
        exportPw.textProperty().bindBidirectional(vm.exportPasswordProperty());
        PasswordField exportRepeat = new PasswordField();
        exportRepeat.setId("export-password-repeat");
        exportRepeat.setPromptText("the same again");
        exportRepeat.textProperty().bindBidirectional(vm.exportRepeatProperty());
        TextField folder = new TextField();
        folder.setId("export-folder");
        folder.setPromptText("folder, e.g. /home/me/backup");
        folder.textProperty().bindBidirectional(vm.exportFolderProperty());
        folder.setOnAction(e -> vm.exportKeystore());
        Button export = new Button("Export keystore", Ui.icon(Feather.SAVE));
        export.setId("export-keystore");
        export.setOnAction(e -> vm.exportKeystore());
        // a chooser beside each path (issue 27: paths had to be typed)
        Button chooseFolder = new Button("Choose…", Ui.icon(Feather.FOLDER));
        chooseFolder.setId("export-choose-folder");
        chooseFolder.setMinWidth(Region.USE_PREF_SIZE);
        chooseFolder.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder for the keystore file");
            File dir = chooser.showDialog(window(chooseFolder));
            if (dir != null) {
                vm.exportFolderProperty().set(dir.getPath());
            }
        });
        TextField importFile = new TextField();
        importFile.setId("import-file");
        importFile.setPromptText("keystore file (UTC--…)");
        importFile.textProperty().bindBidirectional(vm.importFileProperty());
        Button chooseFile = new Button("Choose…", Ui.icon(Feather.FILE));
        chooseFile.setId("import-choose-file");
        chooseFile.setMinWidth(Region.USE_PREF_SIZE);
        chooseFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Keystore file to import");
            File f = chooser.showOpenDialog(window(chooseFile));
            if (f != null) {
                vm.importFileProperty().set(f.getPath());
            }
        });
        TextField importName = new TextField();
        importName.setId("import-name");
        importName.setPromptText("name (optional)");
        importName.setPrefColumnCount(10);
        importName.textProperty().bindBidirectional(vm.importNameProperty());
        PasswordField importPw = new PasswordField();
        importPw.setId("import-password");
        importPw.setPromptText("the file's password");
        importPw.textProperty().bindBidirectional(vm.importPasswordProperty());
        importPw.setOnAction(e -> vm.importKeystore());
        Button imp = new Button("Import keystore", Ui.icon(Feather.UPLOAD));
        imp.setId("import-keystore");
        imp.setOnAction(e -> vm.importKeystore());
        Label status = new Label();
        status.setId("backup-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.backupStatusProperty());
        GridPane g = Ui.form();
        // the wallet password serves the phrase and the export: its row says so
        Ui.row(g, 0, "Wallet password", new HBox(8, withError(pw, vm.backupPasswordErrorProperty(), "backup-password-error"), reveal, hide));
        g.add(Ui.muted("needed to show the phrase and to export a key"), 1, 1);
        Ui.row(g, 2, "Export the selected account",
                new FlowPane(8, 8, withError(exportPw, vm.exportPasswordErrorProperty(), "export-password-error"),
                        withError(exportRepeat, vm.exportRepeatErrorProperty(), "export-password-repeat-error"),
                        withError(folder, vm.exportFolderErrorProperty(), "export-folder-error"), chooseFolder, export));
        Ui.row(g, 3, "Import a keystore",
                new FlowPane(8, 8, withError(importFile, vm.importFileErrorProperty(), "import-file-error"), chooseFile,
                        withError(importPw, vm.importPasswordErrorProperty(), "import-password-error"), importName, imp));
        return Ui.card(Ui.section("Backup and keys"),
                Ui.muted("The recovery phrase and exported keys give full control of the funds: show them only where nobody watches."),
                g, words, status);
    }

    private static Window window(Node n) {
        return n.getScene() == null ? null : n.getScene().getWindow();
    }
}
