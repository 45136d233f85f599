package org.poq.app.gui.firstrun;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.poq.app.service.NetworkChoice;
import org.poq.app.gui.shell.Ui;
import org.poq.app.gui.shell.Page;

/** The first-run form: wallet, network, model and evaluator, on one scrollable page. */
public final class FirstRunView extends Page {
    public FirstRunView(FirstRunViewModel vm) {
        ToggleGroup modes = new ToggleGroup();
        RadioButton create = new RadioButton("Create a new wallet");
        create.setId("mode-create");
        RadioButton restore = new RadioButton("Restore from a recovery phrase");
        restore.setId("mode-restore");
        create.setToggleGroup(modes);
        restore.setToggleGroup(modes);
        create.setSelected(true);
        modes.selectedToggleProperty().addListener((o, a, b) ->
                vm.modeProperty().set(b == restore ? FirstRunViewModel.Mode.RESTORE : FirstRunViewModel.Mode.CREATE));

        Button generate = new Button("Show a new recovery phrase");
        generate.setId("generate-phrase");
        generate.setOnAction(e -> vm.generatePhrase());
        FlowPane words = new FlowPane(8, 8);
        words.setId("phrase-words");
        words.setPrefWrapLength(560);
        GridPane confirm = Ui.form();
        confirm.setId("confirm-words");
        Runnable fillWords = () -> {
            words.getChildren().clear();
            for (int i = 0; i < vm.words().size(); i++) {
                Label w = new Label((i + 1) + ". " + vm.words().get(i));
                w.getStyleClass().add("poq-seed-word");
                words.getChildren().add(w);
            }
        };
        fillWords.run();
        vm.words().addListener((ListChangeListener<String>) c -> fillWords.run());
        Runnable fillConfirm = () -> {
            confirm.getChildren().clear();
            int row = 0;
            for (int p : vm.confirmPositions()) {
                TextField t = new TextField();
                t.setId("confirm-" + row);
                t.textProperty().bindBidirectional(vm.confirmAnswer(p));
                Ui.row(confirm, row++, "Word " + p, t);
            }
        };
        fillConfirm.run();
        vm.confirmPositions().addListener((ListChangeListener<Integer>) c -> fillConfirm.run());
        Label notice = new Label();
        notice.setId("phrase-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add(atlantafx.base.theme.Styles.WARNING);
        notice.textProperty().bind(vm.phraseNoticeProperty());
        notice.visibleProperty().bind(vm.phraseNoticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        Button wrote = new Button("I wrote them down");
        wrote.setId("wrote-them-down");
        wrote.setOnAction(e -> vm.wroteThemDown());
        wrote.visibleProperty().bind(vm.words().emptyProperty().not().and(vm.checkingProperty().not()));
        wrote.managedProperty().bind(wrote.visibleProperty());
        // the words are hidden during the check: typing them back from the screen would prove nothing
        VBox showing = new VBox(8, words, wrote);
        showing.visibleProperty().bind(vm.checkingProperty().not());
        showing.managedProperty().bind(showing.visibleProperty());
        Button back = new Button("Show the words again");
        back.setOnAction(e -> vm.showWordsAgain());
        VBox check = new VBox(8, Ui.muted("Type these words of the phrase from your paper copy:"), confirm, back);
        check.visibleProperty().bind(vm.checkingProperty());
        check.managedProperty().bind(check.visibleProperty());
        VBox createBox = new VBox(8, Ui.muted("Write the 12 words down on paper, in order. They are the only way to restore "
                + "the wallet: keep the paper offline."), generate, notice, showing, check);
        createBox.visibleProperty().bind(create.selectedProperty());
        createBox.managedProperty().bind(createBox.visibleProperty());

        TextArea phrase = new TextArea();
        phrase.setId("restore-phrase");
        phrase.setPromptText("twelve or twenty-four words, separated by spaces or line breaks");
        phrase.setPrefRowCount(3);
        phrase.setWrapText(true);
        phrase.textProperty().bindBidirectional(vm.restorePhraseProperty());
        CheckBox discover = new CheckBox(
                "Also bring back the further accounts this phrase already used on the network");
        discover.setId("discover-accounts");
        discover.setWrapText(true);
        discover.selectedProperty().bindBidirectional(vm.discoverAccountsProperty());
        VBox restoreBox = new VBox(8, phrase, discover);
        restoreBox.visibleProperty().bind(restore.selectedProperty());
        restoreBox.managedProperty().bind(restoreBox.visibleProperty());

        PasswordField pw = new PasswordField();
        pw.setId("password");
        pw.textProperty().bindBidirectional(vm.passwordProperty());
        PasswordField pw2 = new PasswordField();
        pw2.setId("password-repeat");
        pw2.textProperty().bindBidirectional(vm.repeatProperty());
        PasswordField extra = new PasswordField();
        extra.setId("passphrase");
        extra.setPromptText("optional; leave empty if unsure");
        extra.textProperty().bindBidirectional(vm.passphraseProperty());
        GridPane pwForm = Ui.form();
        Ui.row(pwForm, 0, "Wallet password", pw);
        Ui.row(pwForm, 1, "Repeat password", pw2);
        Ui.row(pwForm, 2, "BIP-39 passphrase", extra);
        Label extraHelp = Ui.muted("A passphrase (\"25th word\") gives a different set of accounts; restoring then needs both "
                + "the phrase and the passphrase. A wrong one is not an error: it shows other, empty accounts.");

        ComboBox<NetworkChoice.Kind> kind = new ComboBox<>();
        kind.setId("network-kind");
        kind.getItems().setAll(NetworkChoice.Kind.values());
        kind.valueProperty().bindBidirectional(vm.networkKindProperty());
        TextField value = new TextField();
        value.setId("network-value");
        value.setPrefColumnCount(30);
        value.textProperty().bindBidirectional(vm.networkValueProperty());
        value.promptTextProperty().bind(Bindings.createStringBinding(() -> switch (kind.getValue()) {
            case LOCAL_DEVNET -> "nothing to enter: a local chain starts on this computer";
            case DESCRIPTOR_FILE -> "/path/to/network.json";
            case RPC_URL -> "http://127.0.0.1:8545";
        }, kind.valueProperty()));
        value.disableProperty().bind(kind.valueProperty().isEqualTo(NetworkChoice.Kind.LOCAL_DEVNET));
        GridPane net = Ui.form();
        Ui.row(net, 0, "Network", kind);
        Ui.row(net, 1, "Location", value);

        TextField family = new TextField();
        family.setId("model-family");
        family.textProperty().bindBidirectional(vm.modelFamilyProperty());
        ComboBox<FirstRunViewModel.EvaluatorOption> evaluator = new ComboBox<>(vm.evaluators());
        evaluator.setId("evaluator");
        evaluator.valueProperty().bindBidirectional(vm.evaluatorProperty());
        GridPane model = Ui.form();
        Ui.row(model, 0, "Model family", family);
        Ui.row(model, 1, "Evaluator", evaluator);

        Button finish = new Button();
        finish.setId("finish");
        finish.textProperty().bind(Bindings.when(vm.modeProperty().isEqualTo(FirstRunViewModel.Mode.RESTORE))
                .then("Restore wallet and connect").otherwise("Create wallet and connect"));
        finish.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        finish.setDefaultButton(true);
        finish.disableProperty().bind(vm.busyProperty());
        finish.setOnAction(e -> vm.finish());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(20, 20);
        spinner.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());

        VBox content = Ui.page(Ui.title("Welcome to PoQ Desktop"),
                Ui.muted("Ask a network of LLM miners, earn by answering or by checking quality. Set up your wallet first."),
                Ui.card(Ui.section("1. Wallet"), new HBox(16, create, restore), createBox, restoreBox, pwForm, extraHelp,
                        sectionError(vm, FirstRunViewModel.Section.WALLET, "firstrun-wallet-error")),
                Ui.card(Ui.section("2. Network"), net, sectionError(vm, FirstRunViewModel.Section.NETWORK, "firstrun-network-error")),
                Ui.card(Ui.section("3. Model and evaluator"), model,
                        Ui.muted("The bundled evaluator works offline; models are imported on the Miner screen. Online, the Validator "
                                + "screen offers cross-encoders, which read prompt and answer together and judge whether the answer answers.")),
                Ui.error(vm.errorProperty(), "firstrun-error"),
                new HBox(10, finish, spinner, status));
        content.setMaxWidth(760);
        content.setPadding(new Insets(24));
        StackPane centered = new StackPane(content);
        StackPane.setAlignment(content, Pos.TOP_CENTER);
        setContent(centered);
        setFitToWidth(true);
    }

    /** The error under the fields of the card it is about; the same line stays beside the button, where the user clicked. */
    private static Label sectionError(FirstRunViewModel vm, FirstRunViewModel.Section section, String id) {
        Label l = Ui.error(vm.errorProperty(), id);
        l.visibleProperty().unbind();
        l.visibleProperty().bind(vm.errorSectionProperty().isEqualTo(section).and(vm.errorProperty().isNotEmpty()));
        return l;
    }
}
