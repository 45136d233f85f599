package org.poq.app.gui.wallet;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.shell.Ui;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.transfer.Asset;

/** Balances, send, receive, history, address book; an unlock form while the wallet is locked. */
public final class WalletView extends ScrollPane {
    public WalletView(WalletViewModel vm) {
        Label eth = new Label();
        eth.textProperty().bind(vm.nativeBalanceProperty());
        Label poq = new Label();
        poq.setId("poq-balance");
        poq.textProperty().bind(vm.poqBalanceProperty());
        poq.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_3);
        Label staked = new Label();
        staked.textProperty().bind(vm.stakedProperty());
        Button lock = new Button("Lock", Ui.icon(Feather.LOCK));
        lock.setId("lock");
        lock.setOnAction(e -> vm.lock());
        Button refresh = new Button("Refresh", Ui.icon(Feather.REFRESH_CW));
        refresh.setOnAction(e -> vm.refresh());
        GridPane bal = Ui.form();
        Ui.row(bal, 0, "POQ", poq);
        Ui.row(bal, 1, "ETH (pays fees)", eth);
        Ui.row(bal, 2, "Staked", staked);
        Button faucet = new Button("Get test tokens", Ui.icon(Feather.DOWNLOAD));
        faucet.setId("faucet");
        faucet.setTooltip(new javafx.scene.control.Tooltip("Local devnet only: test POQ, and ETH for fees"));
        faucet.visibleProperty().bind(vm.devnetProperty());
        faucet.managedProperty().bind(faucet.visibleProperty());
        faucet.disableProperty().bind(vm.busyProperty());
        faucet.setOnAction(e -> vm.getTestTokens());
        VBox balances = Ui.card(Ui.section("Balances"), bal, new HBox(8, refresh, lock, faucet));

        TextField to = new TextField();
        to.setId("send-to");
        to.setPromptText("0x… address or a contact's name");
        to.textProperty().bindBidirectional(vm.recipientProperty());
        TextField amount = new TextField();
        amount.setId("send-amount");
        amount.setPromptText("12.5");
        amount.textProperty().bindBidirectional(vm.amountProperty());
        ComboBox<Asset> asset = new ComboBox<>();
        asset.getItems().setAll(Asset.values());
        asset.valueProperty().bindBidirectional(vm.assetProperty());
        Button review = new Button("Review");
        review.setId("send-review");
        review.disableProperty().bind(vm.busyProperty());
        review.setOnAction(e -> vm.prepareSend());
        GridPane sendForm = Ui.form();
        Ui.row(sendForm, 0, "To", to);
        Ui.row(sendForm, 1, "Amount", new HBox(8, amount, asset));
        TextArea summary = new TextArea();
        summary.setId("send-summary");
        summary.setEditable(false);
        summary.setPrefRowCount(5);
        summary.getStyleClass().add("poq-mono");
        summary.textProperty().bind(vm.quoteTextProperty());
        PasswordField pw = new PasswordField();
        pw.setId("send-password");
        pw.setPromptText("wallet password");
        pw.textProperty().bindBidirectional(vm.sendPasswordProperty());
        Button confirm = new Button("Confirm and send", Ui.icon(Feather.SEND));
        confirm.setId("send-confirm");
        confirm.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        confirm.disableProperty().bind(vm.busyProperty());
        confirm.setOnAction(e -> vm.confirmSend());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> vm.cancelSend());
        VBox confirmBox = new VBox(8, Ui.muted("Check the transfer, then sign it with your password:"), summary,
                new HBox(8, pw, confirm, cancel));
        confirmBox.visibleProperty().bind(vm.quoteProperty().isNotNull());
        confirmBox.managedProperty().bind(confirmBox.visibleProperty());
        Label status = new Label();
        status.setId("send-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        VBox send = Ui.card(Ui.section("Send"), sendForm, review, confirmBox, status);

        ImageView qr = new ImageView();
        qr.imageProperty().bind(Bindings.createObjectBinding(
                () -> vm.addressProperty().get().isEmpty() ? null : QrCode.image(vm.addressProperty().get(), 168),
                vm.addressProperty()));
        TextField addr = new TextField();
        addr.setId("receive-address");
        addr.setEditable(false);
        addr.setPrefColumnCount(34);
        addr.textProperty().bind(vm.addressProperty());
        VBox receive = Ui.card(Ui.section("Receive"), addr, qr);
        receive.setAlignment(Pos.TOP_LEFT);

        TableView<HistoryEntry> history = new TableView<>(vm.history());
        history.setId("history");
        history.setPrefHeight(200);
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.getColumns().add(Ui.col("Block", h -> Long.toString(h.block())));
        history.getColumns().add(Ui.col("Kind", h -> h.kind().name().toLowerCase().replace('_', ' ')));
        history.getColumns().add(Ui.col("Amount", h -> (h.direction() == HistoryEntry.Direction.OUT ? "-" : "")
                + Ui.amount(h.amount()) + (h.asset() == Asset.POQ ? " POQ" : " ETH")));
        history.getColumns().add(Ui.col("Counterparty", h -> Ui.shortAddress(h.counterparty())));
        history.getColumns().add(Ui.col("Task", h -> h.taskId() == null ? "" : h.taskId()));
        history.setPlaceholder(new Label("No transactions yet"));

        ListView<WalletViewModel.Contact> contacts = new ListView<>(vm.contacts());
        contacts.setId("contacts");
        contacts.setPrefHeight(110);
        contacts.setPlaceholder(new Label("No contacts yet: add a name and an address below"));
        contacts.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(WalletViewModel.Contact c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.name() + "  " + c.address());
            }
        });
        TextField cName = new TextField();
        cName.setPromptText("name");
        cName.textProperty().bindBidirectional(vm.contactNameProperty());
        TextField cAddr = new TextField();
        cAddr.setPromptText("0x…");
        cAddr.setPrefColumnCount(26);
        cAddr.textProperty().bindBidirectional(vm.contactAddressProperty());
        Button add = new Button("Add", Ui.icon(Feather.USER_PLUS));
        add.setOnAction(e -> vm.addContact());
        Button remove = new Button("Remove");
        remove.setOnAction(e -> {
            var c = contacts.getSelectionModel().getSelectedItem();
            if (c != null) {
                vm.removeContact(c);
            }
        });
        VBox book = Ui.card(Ui.section("Address book"), contacts, new HBox(8, cName, cAddr, add, remove));

        PasswordField unlockPw = new PasswordField();
        unlockPw.setId("unlock-password");
        unlockPw.setPromptText("wallet password");
        unlockPw.textProperty().bindBidirectional(vm.unlockPasswordProperty());
        Button unlock = new Button("Unlock", Ui.icon(Feather.UNLOCK));
        unlock.setId("unlock");
        unlock.setDefaultButton(true);
        unlock.setOnAction(e -> vm.unlock());
        VBox locked = Ui.card(Ui.section("The wallet is locked"), new HBox(8, unlockPw, unlock));
        locked.visibleProperty().bind(vm.lockedProperty());
        locked.managedProperty().bind(locked.visibleProperty());

        HBox top = new HBox(14, balances, receive);
        HBox.setHgrow(balances, Priority.ALWAYS);
        VBox unlockedContent = new VBox(14, top, send, Ui.card(Ui.section("History"), history), book);
        unlockedContent.visibleProperty().bind(vm.lockedProperty().not());
        unlockedContent.managedProperty().bind(unlockedContent.visibleProperty());
        setContent(Ui.page(Ui.title("Wallet"), Ui.error(vm.errorProperty(), "wallet-error"), locked, unlockedContent));
        setFitToWidth(true);
    }
}
