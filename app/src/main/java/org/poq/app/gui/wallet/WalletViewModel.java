package org.poq.app.gui.wallet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.fields.Fields;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.Ui;
import org.poq.app.service.WalletSession;
import org.poq.core.AmountFormat;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.wallet.Account;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.Balances;
import org.poq.wallet.transfer.TransferQuote;

/**
 * The wallet screen: an account switcher with each account's balances, a send in two steps (quote
 * with the fee and any recipient warning, then confirm with the password), the receive address,
 * the activity list with speed-up and cancel of pending rows, backup (recovery phrase and keystore
 * export behind the password, keystore import), the address book, lock and unlock. Input errors
 * are shown next to their field and cleared when the field changes; other failures in
 * {@link #errorProperty()}. The wallet locks itself when idle and the screen follows.
 *
 * <p>This class holds the accounts card (switcher, balances, lock and unlock, a new account, the
 * devnet faucet) and the reload of the whole screen; each other card's state and steps live in a part
 * of its own: {@link SendFlow}, {@link ActivityActions}, {@link BackupActions}, {@link AddressBookModel},
 * all writing to one {@link WalletMessages}. The getters below are the screen's one surface for the view.
 */
public final class WalletViewModel {
    public record Contact(String name, String address) {
    }

    /** Where a message belongs: beside the action that produced it, so its result is in view (issue 27). */
    public enum Place { ACCOUNTS, SEND, ACTIVITY }

    /** An account in the switcher: its name, address and balances in one line. */
    public record AccountRow(String label, String address, String balances) {
        @Override
        public String toString() {
            return label + "  " + Ui.shortAddress(address) + "  " + balances;
        }
    }

    private final AppContext ctx;
    private final ReadOnlyListWrapper<AccountRow> accounts = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ObjectProperty<AccountRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nativeBalance = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper poqBalance = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper staked = new ReadOnlyStringWrapper("-");
    private final ReadOnlyObjectWrapper<Balances> balances = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper nativeSymbol = new ReadOnlyStringWrapper("ETH");
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper devnet = new ReadOnlyBooleanWrapper(false);
    private final Field unlockPassword = new Field(new SimpleStringProperty(""));
    private final Field newAccountName = new Field(new SimpleStringProperty(""));
    private final ReadOnlyListWrapper<HistoryEntry> history = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Activity.Item> activity = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final WalletMessages msg = new WalletMessages();
    private final SendFlow send;
    private final ActivityActions rows;
    private final BackupActions backup;
    private final AddressBookModel book;
    private volatile WalletSession session;
    private volatile WalletVault watched;

    public WalletViewModel(AppContext ctx) {
        this.ctx = ctx;
        WalletScreen screen = new WalletScreen(ctx, msg, this::session, address::get, this::selectedLabel, address::set, this::refresh);
        send = new SendFlow(screen);
        rows = new ActivityActions(screen);
        backup = new BackupActions(screen);
        book = new AddressBookModel(screen);
        // only a choice of another account reloads: a refresh replacing the rows must not start another one
        selected.addListener((o, a, b) -> {
            if (b != null && !b.address().equals(address.get())) {
                address.set(b.address());
                send.cancel();
                refresh();
            }
        });
    }

    /** One refresh reads at a time: the history scanner is not shared between threads (two raced on first open). */
    private final Object refreshing = new Object();
    /** The message of the last failed refresh, cleared from the screen by the next one that works. */
    private volatile String refreshError = "";

    /** The application layer's wallet session for the connected network and the open wallet, made once per pair. */
    private synchronized WalletSession session() {
        PoqNetwork n = ctx.connection().require();
        WalletVault vault = ctx.wallet().require();
        WalletSession s = session;
        if (s == null || s.network() != n || s.vault() != vault) {
            s = new WalletSession(n, ctx.db(), vault);
            session = s;
        }
        return s;
    }

    /** The screen follows the vault's own auto-lock: locked, and the secrets typed on it dropped. */
    private void watch(WalletVault vault) {
        if (watched != vault) {
            watched = vault;
            vault.onLock(() -> ctx.background().ui().execute(this::onLocked));
        }
    }

    private void onLocked() {
        locked.set(true);
        rows.password.text().set("");
        send.forget();
        backup.forget();
    }

    private record Snapshot(List<AccountRow> rows, String address, boolean unlocked, boolean devnet, String symbol,
                            Balances balances, List<HistoryEntry> history, List<Activity.Item> activity, Map<String, String> book) {
    }

    /** Reloads the accounts, balances, activity and address book from the chain and the database. */
    public CompletableFuture<Void> refresh() {
        String wanted = address.get();
        return ctx.background().run("wallet refresh", () -> {
            synchronized (refreshing) {
                WalletVault vault = ctx.wallet().require();
                watch(vault);
                WalletSession s = session();
                String sym = s.nativeSymbol();
                List<AccountRow> rows = new ArrayList<>();
                Balances mine = null;
                String me = wanted;
                if (me == null || me.isEmpty() || vault.accounts().stream().noneMatch(a -> a.address().equals(wanted))) {
                    me = vault.accounts().get(0).address();
                }
                for (WalletSession.AccountBalances ab : s.accountBalances()) {
                    Account a = ab.account();
                    Balances b = ab.balances();
                    rows.add(new AccountRow(a.label(), a.address(), AmountFormat.of(b.poq(), AmountFormat.POQ) + ", " + AmountFormat.of(b.nativeCoin(), sym)));
                    if (a.address().equals(me)) {
                        mine = b;
                    }
                }
                if (s.unlocked()) {
                    s.refreshPending();
                }
                List<HistoryEntry> h = s.history(me);
                List<Activity.Item> items = s.activity(me, h);
                return new Snapshot(rows, me, s.unlocked(), s.localDevnet(), sym,
                        mine, h, items, s.book().all());
            }
        }, snap -> {
            // a refresh before the connection was made failed; this one worked: its message is stale
            // (only the refresh's own message: an action's error shown before this refresh stays)
            if (!refreshError.isEmpty() && refreshError.equals(msg.error.get())) {
                msg.error.set("");
            }
            refreshError = "";
            accounts.setAll(snap.rows());
            address.set(snap.address());
            selected.set(snap.rows().stream().filter(r -> r.address().equals(snap.address())).findFirst().orElse(null));
            devnet.set(snap.devnet());
            locked.set(!snap.unlocked());
            nativeSymbol.set(snap.symbol());
            nativeBalance.set(AmountFormat.of(snap.balances().nativeCoin(), snap.symbol()));
            poqBalance.set(AmountFormat.of(snap.balances().poq(), AmountFormat.POQ));
            staked.set(AmountFormat.of(snap.balances().staked(), AmountFormat.POQ));
            balances.set(snap.balances());
            List<HistoryEntry> newest = new ArrayList<>(snap.history().stream()
                    .filter(h -> h.amount() == null || !h.amount().isZero()).toList());
            Collections.reverse(newest);
            history.setAll(newest);
            activity.setAll(snap.activity());
            book.show(snap.book());
        }, m -> {
            refreshError = m;
            msg.error.set(m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** On the local devnet only: test ETH for gas and POQ for the selected account, so it can ask and stake. */
    public CompletableFuture<Void> getTestTokens() {
        msg.clear(Place.ACCOUNTS);
        String me = address.get();
        msg.busy.set(true);
        return ctx.background().run("devnet faucet", () -> DevnetFaucet.fund(session().network(), me), grant -> {
            msg.busy.set(false);
            msg.status.set("Received " + AmountFormat.of(grant.poq(), "test POQ")
                    + (grant.eth().isZero() ? "" : " and " + AmountFormat.of(grant.eth(), "test " + nativeSymbol.get()) + " for fees")
                    + " on " + selectedLabel() + " (local devnet only)");
        }, msg::failed).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    private String selectedLabel() {
        AccountRow r = selected.get();
        return r == null ? Ui.shortAddress(address.get()) : r.label();
    }

    /** Derives the next account (the wallet must be unlocked) and switches to it. */
    public CompletableFuture<Void> addAccount() {
        msg.clear(Place.ACCOUNTS);
        String name = newAccountName.text().get();
        if (!newAccountName.apply(Fields.required(name, "a name for the account"))) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("add account", () -> ctx.wallet().require().addAccount(name.strip()), a -> {
            newAccountName.text().set("");
            address.set(a.address());
            msg.status.set("Added " + a.label() + " (" + a.address() + ")");
        }, m -> newAccountName.fail(m)).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public CompletableFuture<Void> lock() {
        return ctx.background().run("lock wallet", () -> {
            ctx.wallet().require().lock();
            return null;
        }, v -> onLocked(), msg.error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> unlock() {
        msg.clear(Place.ACCOUNTS);
        if (unlockPassword.text().get().isEmpty()) {
            unlockPassword.fail("Enter the wallet password.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = unlockPassword.text().get().toCharArray();
        unlockPassword.text().set("");
        return ctx.background().run("unlock wallet", () -> {
            WalletVault v = ctx.wallet().require();
            watch(v);
            v.unlock(pw);
            return null;
        }, v -> locked.set(false), m -> {
            unlockPassword.fail(m);
            msg.error.set(m);
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    // ------------------------------------------------- the cards' actions, in their parts

    /** Step one of a send: checks each field, prices the transfer and warns about the recipient; nothing is signed. */
    public CompletableFuture<Void> prepareSend() { return send.prepare(); }
    /** Step two: signs the quoted transfer with the password and broadcasts it. */
    public CompletableFuture<Void> confirmSend() { return send.confirm(); }
    public void cancelSend() { send.cancel(); }
    /** Sends a dropped row of the activity list again, signed with the activity password. */
    public CompletableFuture<Void> sendAgain(Activity.Item item) { return rows.sendAgain(item); }
    /** Speed up (true) or cancel (false) a pending row of the activity list, signed with the activity password. */
    public CompletableFuture<Void> replace(Activity.Item item, boolean speedUp) { return rows.replace(item, speedUp); }
    /** The selected account's chain history as CSV (as `poq wallet history --csv`), names beside addresses. */
    public CompletableFuture<Void> exportCsv(Path file) { return rows.exportCsv(file); }
    public CompletableFuture<Void> revealPhrase() { return backup.revealPhrase(); }
    public void hidePhrase() { backup.hidePhrase(); }
    public CompletableFuture<Void> exportKeystore() { return backup.exportKeystore(); }
    public CompletableFuture<Void> importKeystore() { return backup.importKeystore(); }
    public CompletableFuture<Void> addContact() { return book.add(); }
    public CompletableFuture<Void> removeContact(Contact c) { return book.remove(c); }

    public String address() {
        return address.get();
    }

    public ReadOnlyListProperty<AccountRow> accounts() { return accounts.getReadOnlyProperty(); }
    public ObjectProperty<AccountRow> selectedAccountProperty() { return selected; }
    public ReadOnlyStringProperty addressProperty() { return address.getReadOnlyProperty(); }
    public ReadOnlyStringProperty nativeBalanceProperty() { return nativeBalance.getReadOnlyProperty(); }
    public ReadOnlyStringProperty nativeSymbolProperty() { return nativeSymbol.getReadOnlyProperty(); }
    /** The selected account's exact balances, for the tooltips and copies of the rounded figures. */
    public ReadOnlyObjectProperty<Balances> balancesProperty() { return balances.getReadOnlyProperty(); }
    public ReadOnlyStringProperty poqBalanceProperty() { return poqBalance.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stakedProperty() { return staked.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty lockedProperty() { return locked.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty devnetProperty() { return devnet.getReadOnlyProperty(); }
    public StringProperty recipientProperty() { return send.recipient.text(); }
    public ReadOnlyStringProperty recipientErrorProperty() { return send.recipient.error(); }
    public StringProperty amountProperty() { return send.amount.text(); }
    public ReadOnlyStringProperty amountErrorProperty() { return send.amount.error(); }
    public ObjectProperty<Asset> assetProperty() { return send.asset; }
    public StringProperty sendPasswordProperty() { return send.password.text(); }
    public ReadOnlyStringProperty sendPasswordErrorProperty() { return send.password.error(); }
    public StringProperty unlockPasswordProperty() { return unlockPassword.text(); }
    public ReadOnlyStringProperty unlockPasswordErrorProperty() { return unlockPassword.error(); }
    public ReadOnlyObjectProperty<TransferQuote> quoteProperty() { return send.quote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty quoteTextProperty() { return send.quoteText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty warningProperty() { return send.warning.getReadOnlyProperty(); }
    public BooleanProperty acceptWarningProperty() { return send.acceptWarning; }
    public ReadOnlyStringProperty statusProperty() { return msg.status.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Place> placeProperty() { return msg.place.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return msg.error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return msg.busy.getReadOnlyProperty(); }
    public ReadOnlyListProperty<HistoryEntry> history() { return history.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Activity.Item> activity() { return activity.getReadOnlyProperty(); }
    public StringProperty actionPasswordProperty() { return rows.password.text(); }
    public ReadOnlyStringProperty actionPasswordErrorProperty() { return rows.password.error(); }
    public ReadOnlyListProperty<Contact> contacts() { return book.contacts.getReadOnlyProperty(); }
    public StringProperty contactNameProperty() { return book.name.text(); }
    public ReadOnlyStringProperty contactNameErrorProperty() { return book.name.error(); }
    public StringProperty contactAddressProperty() { return book.address.text(); }
    public ReadOnlyStringProperty contactAddressErrorProperty() { return book.address.error(); }
    public StringProperty newAccountNameProperty() { return newAccountName.text(); }
    public ReadOnlyStringProperty newAccountNameErrorProperty() { return newAccountName.error(); }
    public StringProperty backupPasswordProperty() { return backup.password.text(); }
    public ReadOnlyStringProperty backupPasswordErrorProperty() { return backup.password.error(); }
    public StringProperty exportPasswordProperty() { return backup.exportPassword.text(); }
    public ReadOnlyStringProperty exportPasswordErrorProperty() { return backup.exportPassword.error(); }
    public StringProperty exportFolderProperty() { return backup.exportFolder.text(); }
    public ReadOnlyStringProperty exportFolderErrorProperty() { return backup.exportFolder.error(); }
    public StringProperty exportRepeatProperty() { return backup.exportRepeat.text(); }
    public ReadOnlyStringProperty exportRepeatErrorProperty() { return backup.exportRepeat.error(); }
    /** The name the imported account gets (empty: "Imported N"). */
    public StringProperty importNameProperty() { return backup.importName; }
    public StringProperty importFileProperty() { return backup.importFile.text(); }
    public ReadOnlyStringProperty importFileErrorProperty() { return backup.importFile.error(); }
    public StringProperty importPasswordProperty() { return backup.importPassword.text(); }
    public ReadOnlyStringProperty importPasswordErrorProperty() { return backup.importPassword.error(); }
    public ReadOnlyListProperty<String> revealedWords() { return backup.revealedWords.getReadOnlyProperty(); }
    public ReadOnlyStringProperty backupStatusProperty() { return msg.backupStatus.getReadOnlyProperty(); }
}
