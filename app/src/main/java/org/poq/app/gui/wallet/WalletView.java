package org.poq.app.gui.wallet;

import java.io.File;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.shell.Copying;
import org.poq.app.gui.shell.Tables;
import org.poq.app.gui.shell.Ui;
import org.poq.core.AmountFormat;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.transfer.Asset;

import static org.poq.app.gui.fields.FieldViews.withError;
import org.poq.app.gui.shell.Page;

/**
 * Accounts, balances, send, receive, activity, backup and address book; an unlock form while the
 * wallet is locked. Enter in a field runs its form's action; errors sit under their field.
 */
public final class WalletView extends Page {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    public WalletView(WalletViewModel vm) {
        VBox unlockedContent = new VBox(14, accounts(vm), send(vm), activity(vm), BackupCard.of(vm), book(vm));
        unlockedContent.visibleProperty().bind(vm.lockedProperty().not());
        unlockedContent.managedProperty().bind(unlockedContent.visibleProperty());
        Label error = Ui.error(vm.errorProperty(), "wallet-error");
        error.visibleProperty().unbind();
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty()
                .and(vm.placeProperty().isEqualTo(WalletViewModel.Place.ACCOUNTS).or(vm.lockedProperty())));
        setContent(Ui.page(Ui.title("Wallet"), error, locked(vm), unlockedContent));
        setFitToWidth(true);
    }

    private static VBox locked(WalletViewModel vm) {
        PasswordField unlockPw = new PasswordField();
        unlockPw.setId("unlock-password");
        unlockPw.setPromptText("wallet password");
        unlockPw.textProperty().bindBidirectional(vm.unlockPasswordProperty());
        unlockPw.setOnAction(e -> vm.unlock());
        Button unlock = new Button("Unlock", Ui.icon(Feather.UNLOCK));
        unlock.setId("unlock");
        unlock.setOnAction(e -> vm.unlock());
        VBox locked = Ui.card(Ui.section("The wallet is locked"),
                new HBox(8, withError(unlockPw, vm.unlockPasswordErrorProperty(), "unlock-password-error"), unlock));
        locked.visibleProperty().bind(vm.lockedProperty());
        locked.managedProperty().bind(locked.visibleProperty());
        return locked;
    }

    private static VBox accounts(WalletViewModel vm) {
        ComboBox<WalletViewModel.AccountRow> switcher = new ComboBox<>(vm.accounts());
        switcher.setId("account-switcher");
        switcher.valueProperty().bindBidirectional(vm.selectedAccountProperty());
        switcher.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(switcher, Priority.ALWAYS);
        Button copy = Copying.button("Copy address", vm::address);
        copy.setId("copy-address");
        TextField newName = new TextField();
        newName.setId("new-account-name");
        newName.setPromptText("name of a new account");
        newName.textProperty().bindBidirectional(vm.newAccountNameProperty());
        newName.setOnAction(e -> vm.addAccount());
        Button add = new Button("Add account", Ui.icon(Feather.USER_PLUS));
        add.setId("add-account");
        add.setOnAction(e -> vm.addAccount());

        var b = vm.balancesProperty();
        ReadOnlyStringWrapper poqSymbol = new ReadOnlyStringWrapper(AmountFormat.POQ);
        Label eth = Copying.amount(Bindings.createObjectBinding(() -> b.get() == null ? null : b.get().nativeCoin(), b),
                vm.nativeSymbolProperty());
        eth.setId("native-balance");
        Label poq = Copying.amount(Bindings.createObjectBinding(() -> b.get() == null ? null : b.get().poq(), b), poqSymbol);
        poq.setId("poq-balance");
        poq.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_3);
        Label staked = Copying.amount(Bindings.createObjectBinding(() -> b.get() == null ? null : b.get().staked(), b), poqSymbol);
        Label nativeName = new Label();
        nativeName.textProperty().bind(Bindings.concat(vm.nativeSymbolProperty(), " (pays fees)"));
        GridPane bal = Ui.form();
        bal.add(new Label("POQ"), 0, 0);
        bal.add(poq, 1, 0);
        bal.add(nativeName, 0, 1);
        bal.add(eth, 1, 1);
        bal.add(new Label("Staked"), 0, 2);
        bal.add(staked, 1, 2);
        Button lock = new Button("Lock", Ui.icon(Feather.LOCK));
        lock.setId("lock");
        lock.setOnAction(e -> vm.lock());
        Button refresh = new Button("Refresh", Ui.icon(Feather.REFRESH_CW));
        refresh.setOnAction(e -> vm.refresh());
        Button faucet = new Button("Get test tokens", Ui.icon(Feather.DOWNLOAD));
        faucet.setId("faucet");
        faucet.setTooltip(new Tooltip("Local devnet only: test POQ, and coins for fees, for the selected account"));
        faucet.visibleProperty().bind(vm.devnetProperty());
        faucet.managedProperty().bind(faucet.visibleProperty());
        faucet.disableProperty().bind(vm.busyProperty());
        faucet.setOnAction(e -> vm.getTestTokens());
        VBox status = messages(vm, WalletViewModel.Place.ACCOUNTS, "accounts");

        TextField addr = new TextField();
        addr.setId("receive-address");
        addr.setEditable(false);
        addr.textProperty().bind(vm.addressProperty());
        Ui.whole(addr);
        copy.setMinWidth(Region.USE_PREF_SIZE);
        ImageView qr = new ImageView();
        qr.imageProperty().bind(Bindings.createObjectBinding(
                () -> vm.addressProperty().get().isEmpty() ? null : QrCode.image(vm.addressProperty().get(), 132),
                vm.addressProperty()));
        // the address on a line of its own, in full: a receive address cut to "0x0d8f51EE1F" cannot be checked
        HBox receive = new HBox(8, addr, copy);
        receive.setAlignment(Pos.CENTER_LEFT);
        add.setMinWidth(Region.USE_PREF_SIZE);
        VBox left = new VBox(8, bal, new FlowPane(8, 8, refresh, lock, faucet),
                new HBox(8, withError(newName, vm.newAccountNameErrorProperty(), "new-account-name-error"), add), status);
        HBox.setHgrow(left, Priority.ALWAYS);
        return Ui.card(Ui.section("Accounts"), new HBox(8, switcher), new HBox(14, left, qr),
                Ui.muted("Receive on this address:"), receive);
    }

    private static VBox send(WalletViewModel vm) {
        TextField to = new TextField();
        to.setId("send-to");
        to.setPromptText("0x… address or a contact's name");
        to.textProperty().bindBidirectional(vm.recipientProperty());
        to.setOnAction(e -> vm.prepareSend());
        TextField amount = new TextField();
        amount.setId("send-amount");
        amount.setPromptText("12.5 or 1,000");
        amount.textProperty().bindBidirectional(vm.amountProperty());
        amount.setOnAction(e -> vm.prepareSend());
        ComboBox<Asset> asset = new ComboBox<>();
        asset.setId("send-asset");
        asset.getItems().setAll(Asset.values());
        asset.valueProperty().bindBidirectional(vm.assetProperty());
        asset.setConverter(new StringConverter<>() {
            @Override
            public String toString(Asset a) {
                return a == null ? "" : a == Asset.POQ ? "POQ" : vm.nativeSymbolProperty().get();
            }

            @Override
            public Asset fromString(String s) {
                return "POQ".equals(s) ? Asset.POQ : Asset.NATIVE;
            }
        });
        Button review = new Button("Review");
        review.setId("send-review");
        review.disableProperty().bind(vm.busyProperty());
        review.setOnAction(e -> vm.prepareSend());
        GridPane sendForm = Ui.form();
        Ui.row(sendForm, 0, "To", withError(to, vm.recipientErrorProperty(), "send-to-error"));
        Ui.row(sendForm, 1, "Amount", withError(new HBox(8, amount, asset), vm.amountErrorProperty(), "send-amount-error"));
        GridPane.setHgrow(to, Priority.ALWAYS);
        TextArea summary = new TextArea();
        summary.setId("send-summary");
        summary.setEditable(false);
        summary.setPrefRowCount(5);
        summary.getStyleClass().add("poq-mono");
        summary.textProperty().bind(vm.quoteTextProperty());
        Label warning = new Label();
        warning.setId("send-warning");
        warning.setWrapText(true);
        warning.getStyleClass().add(atlantafx.base.theme.Styles.WARNING);
        warning.textProperty().bind(vm.warningProperty());
        CheckBox accept = new CheckBox("Send anyway: I understand the coins may be lost");
        accept.setId("send-accept-warning");
        accept.selectedProperty().bindBidirectional(vm.acceptWarningProperty());
        VBox warnBox = new VBox(6, warning, accept);
        warnBox.visibleProperty().bind(vm.warningProperty().isNotEmpty());
        warnBox.managedProperty().bind(warnBox.visibleProperty());
        PasswordField pw = new PasswordField();
        pw.setId("send-password");
        pw.setPromptText("wallet password");
        pw.textProperty().bindBidirectional(vm.sendPasswordProperty());
        pw.setOnAction(e -> vm.confirmSend());
        Button confirm = new Button("Confirm and send", Ui.icon(Feather.SEND));
        confirm.setId("send-confirm");
        confirm.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        confirm.disableProperty().bind(vm.busyProperty().or(vm.warningProperty().isNotEmpty().and(vm.acceptWarningProperty().not())));
        confirm.setOnAction(e -> vm.confirmSend());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> vm.cancelSend());
        VBox confirmBox = new VBox(8, Ui.muted("Check the transfer, then sign it with your password:"), summary, warnBox,
                new HBox(8, withError(pw, vm.sendPasswordErrorProperty(), "send-password-error"), confirm, cancel));
        confirmBox.visibleProperty().bind(vm.quoteProperty().isNotNull());
        confirmBox.managedProperty().bind(confirmBox.visibleProperty());
        return Ui.card(Ui.section("Send"), sendForm, review, confirmBox, messages(vm, WalletViewModel.Place.SEND, "send"));
    }

    private static VBox activity(WalletViewModel vm) {
        TableView<Activity.Item> table = new TableView<>(vm.activity());
        table.setId("activity");
        table.setPrefHeight(220);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(width(Ui.col("Time", i -> TIME.format(i.time())), 118));
        table.getColumns().add(width(Ui.col("Status", i -> i.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')), 78));
        table.getColumns().add(width(Ui.col("What", Activity.Item::what), 84));
        table.getColumns().add(width(Ui.col("Amount", i -> i.amount() == null ? "" : AmountFormat.signed(i.amount(),
                i.direction() == HistoryEntry.Direction.OUT, i.asset() == Asset.POQ ? AmountFormat.POQ : vm.nativeSymbolProperty().get())), 130));
        table.getColumns().add(width(Ui.col("Counterparty", i -> i.counterpartyName().startsWith("0x")
                ? Ui.shortAddress(i.counterpartyName()) : i.counterpartyName()), 122));
        table.getColumns().add(width(Ui.col("Nonce", i -> i.nonce() == null ? "" : Long.toString(i.nonce())), 72));
        table.getColumns().add(width(Ui.col("Hash", i -> Ui.shortAddress(i.hash())), 96));
        table.getColumns().add(width(Ui.col("Detail", Activity.Item::detail), 120));
        table.setPlaceholder(new Label("No transactions yet"));
        Tables.fitColumns(table);
        table.setRowFactory(t -> {
            TableRow<Activity.Item> row = new TableRow<>();
            row.itemProperty().addListener((o, a, b) -> row.setTooltip(b == null ? null : new Tooltip(b.hash())));
            MenuItem copyHash = new MenuItem("Copy transaction hash");
            copyHash.setOnAction(e -> Copying.put(row.getItem().hash()));
            MenuItem copyAmount = new MenuItem("Copy exact amount");
            copyAmount.setOnAction(e -> Copying.put(row.getItem().amount() == null ? "" : AmountFormat.exact(row.getItem().amount())));
            ContextMenu menu = new ContextMenu(copyHash, copyAmount);
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
            return row;
        });
        PasswordField pw = new PasswordField();
        pw.setId("activity-password");
        pw.setPromptText("wallet password");
        pw.textProperty().bindBidirectional(vm.actionPasswordProperty());
        Button speedUp = new Button("Speed up", Ui.icon(Feather.FAST_FORWARD));
        speedUp.setId("speed-up");
        Button cancel = new Button("Cancel transaction", Ui.icon(Feather.X_CIRCLE));
        cancel.setId("cancel-tx");
        var pendingSelected = Bindings.createBooleanBinding(() -> {
            Activity.Item i = table.getSelectionModel().getSelectedItem();
            return i != null && i.canReplace();
        }, table.getSelectionModel().selectedItemProperty());
        speedUp.disableProperty().bind(pendingSelected.not().or(vm.busyProperty()));
        cancel.disableProperty().bind(pendingSelected.not().or(vm.busyProperty()));
        Button sendAgain = new Button("Send again", Ui.icon(Feather.REPEAT));
        sendAgain.setId("send-again");
        var droppedSelected = Bindings.createBooleanBinding(() -> {
            Activity.Item i = table.getSelectionModel().getSelectedItem();
            return i != null && i.canSendAgain();
        }, table.getSelectionModel().selectedItemProperty());
        sendAgain.disableProperty().bind(droppedSelected.not().or(vm.busyProperty()));
        sendAgain.setOnAction(e -> vm.sendAgain(table.getSelectionModel().getSelectedItem()));
        speedUp.setOnAction(e -> vm.replace(table.getSelectionModel().getSelectedItem(), true));
        cancel.setOnAction(e -> vm.replace(table.getSelectionModel().getSelectedItem(), false));
        pw.setOnAction(e -> vm.replace(table.getSelectionModel().getSelectedItem(), true));
        Button csv = new Button("Export CSV…", Ui.icon(Feather.FILE_TEXT));
        csv.setId("export-csv");
        csv.setMinWidth(Region.USE_PREF_SIZE);
        csv.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("poq-history.csv");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
            File file = chooser.showSaveDialog(csv.getScene() == null ? null : csv.getScene().getWindow());
            if (file != null) {
                vm.exportCsv(file.toPath());
            }
        });
        speedUp.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        sendAgain.setMinWidth(Region.USE_PREF_SIZE);
        // a flow, not a row: at the window's minimum width the buttons wrap instead of being cut
        FlowPane actions = new FlowPane(8, 8, Ui.muted("A pending or dropped row:"),
                withError(pw, vm.actionPasswordErrorProperty(), "activity-password-error"), speedUp, cancel, sendAgain, csv);
        actions.setAlignment(Pos.TOP_LEFT);
        return Ui.card(Ui.section("Activity"), table, actions, messages(vm, WalletViewModel.Place.ACTIVITY, "activity"));
    }

    /**
     * The status and error lines of the card whose action produced them: the result of Confirm and
     * send shows under the Send card, that of Speed up under Activity, never off-screen at the top.
     */
    private static VBox messages(WalletViewModel vm, WalletViewModel.Place where, String id) {
        var here = vm.placeProperty().isEqualTo(where);
        Label status = new Label();
        status.setId(id + "-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        status.visibleProperty().bind(here.and(vm.statusProperty().isNotEmpty()));
        status.managedProperty().bind(status.visibleProperty());
        VBox box = new VBox(4, status);
        if (where != WalletViewModel.Place.ACCOUNTS) { // the accounts card's errors are the page's, at the top
            Label error = Ui.error(vm.errorProperty(), id + "-error");
            error.visibleProperty().unbind();
            error.visibleProperty().bind(here.and(vm.errorProperty().isNotEmpty()));
            box.getChildren().add(error);
        }
        return box;
    }

    /** A column never narrower than its header needs: "Counterparty" must not become "Counter…". */
    private static <T> TableColumn<T, String> width(TableColumn<T, String> c, double min) {
        c.setMinWidth(min);
        c.setPrefWidth(min);
        return c;
    }

    private static VBox book(WalletViewModel vm) {
        ListView<WalletViewModel.Contact> contacts = new ListView<>(vm.contacts());
        contacts.setId("contacts");
        contacts.setPrefHeight(110);
        contacts.setPlaceholder(new Label("No contacts yet: add a name and an address below"));
        contacts.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(WalletViewModel.Contact c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.name() + "  " + c.address());
            }
        });
        TextField cName = new TextField();
        cName.setId("contact-name");
        cName.setPromptText("name");
        cName.textProperty().bindBidirectional(vm.contactNameProperty());
        TextField cAddr = new TextField();
        cAddr.setId("contact-address");
        cAddr.setPromptText("0x…");
        cAddr.setPrefColumnCount(22);
        cAddr.textProperty().bindBidirectional(vm.contactAddressProperty());
        cAddr.setOnAction(e -> vm.addContact());
        Button add = new Button("Add", Ui.icon(Feather.USER_PLUS));
        add.setOnAction(e -> vm.addContact());
        Button remove = new Button("Remove");
        remove.setOnAction(e -> {
            var c = contacts.getSelectionModel().getSelectedItem();
            if (c != null) {
                vm.removeContact(c);
            }
        });
        return Ui.card(Ui.section("Address book"), contacts, new FlowPane(8, 8,
                withError(cName, vm.contactNameErrorProperty(), "contact-name-error"),
                withError(cAddr, vm.contactAddressErrorProperty(), "contact-address-error"), add, remove));
    }
}
