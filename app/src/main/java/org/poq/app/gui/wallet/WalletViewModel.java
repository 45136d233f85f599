package org.poq.app.gui.wallet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
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
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.fields.Fields;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.Ui;
import org.poq.core.AmountFormat;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.wallet.Account;
import org.poq.wallet.Addresses;
import org.poq.wallet.WrongPasswordException;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.CsvExport;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Asset;
import org.poq.app.service.WalletSession;
import org.poq.wallet.transfer.Balances;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.TransferQuote;

/**
 * The wallet screen: an account switcher with each account's balances, a send in two steps (quote
 * with the fee and any recipient warning, then confirm with the password), the receive address,
 * the activity list with speed-up and cancel of pending rows, backup (recovery phrase and keystore
 * export behind the password, keystore import), the address book, lock and unlock. Input errors
 * are shown next to their field and cleared when the field changes; other failures in
 * {@link #errorProperty()}. The wallet locks itself when idle and the screen follows.
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
    private final Field recipient = new Field(new SimpleStringProperty(""));
    private final Field amount = new Field(new SimpleStringProperty(""));
    private final ObjectProperty<Asset> asset = new SimpleObjectProperty<>(Asset.POQ);
    private final Field sendPassword = new Field(new SimpleStringProperty(""));
    private final Field unlockPassword = new Field(new SimpleStringProperty(""));
    private final ReadOnlyObjectWrapper<TransferQuote> quote = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper quoteText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final BooleanProperty acceptWarning = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Place> place = new ReadOnlyObjectWrapper<>(Place.ACCOUNTS);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyListWrapper<HistoryEntry> history = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Activity.Item> activity = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final Field actionPassword = new Field(new SimpleStringProperty(""));
    private final ReadOnlyListWrapper<Contact> contacts = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final Field contactName = new Field(new SimpleStringProperty(""));
    private final Field contactAddress = new Field(new SimpleStringProperty(""));
    private final Field newAccountName = new Field(new SimpleStringProperty(""));
    private final Field backupPassword = new Field(new SimpleStringProperty(""));
    private final Field exportPassword = new Field(new SimpleStringProperty(""));
    private final Field exportRepeat = new Field(new SimpleStringProperty(""));
    private final StringProperty importName = new SimpleStringProperty("");
    private final Field exportFolder = new Field(new SimpleStringProperty(""));
    private final Field importFile = new Field(new SimpleStringProperty(""));
    private final Field importPassword = new Field(new SimpleStringProperty(""));
    private final ReadOnlyListWrapper<String> revealedWords = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyStringWrapper backupStatus = new ReadOnlyStringWrapper("");
    private volatile WalletSession session;
    private volatile WalletVault watched;

    public WalletViewModel(AppContext ctx) {
        this.ctx = ctx;
        // a quote is for what the fields said when Review was pressed: an edit makes it stale, so it closes
        // (Confirm could otherwise send the old amount beside the new one)
        javafx.beans.InvalidationListener stale = o -> {
            if (quote.get() != null) {
                cancelSend();
            }
        };
        recipient.text().addListener(stale);
        amount.text().addListener(stale);
        asset.addListener(stale);
        // only a choice of another account reloads: a refresh replacing the rows must not start another one
        selected.addListener((o, a, b) -> {
            if (b != null && !b.address().equals(address.get())) {
                address.set(b.address());
                cancelSend();
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
        sendPassword.text().set("");
        actionPassword.text().set("");
        backupPassword.text().set("");
        exportPassword.text().set("");
        importPassword.text().set("");
        revealedWords.clear();
        cancelSend();
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
            if (!refreshError.isEmpty() && refreshError.equals(error.get())) {
                error.set("");
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
            java.util.Collections.reverse(newest);
            history.setAll(newest);
            activity.setAll(snap.activity());
            contacts.setAll(snap.book().entrySet().stream().map(e -> new Contact(e.getValue(), e.getKey())).toList());
        }, m -> {
            refreshError = m;
            error.set(m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private void clearMessages() {
        clearMessages(Place.ACCOUNTS);
    }

    /** Clears the messages; the next ones show in {@code where}, the card of the action that runs now. */
    private void clearMessages(Place where) {
        place.set(where);
        error.set("");
        status.set("");
        backupStatus.set("");
    }

    /** Step one of a send: checks each field, prices the transfer and warns about the recipient; nothing is signed. */
    public CompletableFuture<Void> prepareSend() {
        clearMessages(Place.SEND);
        quote.set(null);
        quoteText.set("");
        warning.set("");
        acceptWarning.set(false);
        String to = recipient.text().get();
        String value = amount.text().get();
        Asset what = asset.get();
        String me = address.get();
        busy.set(true);
        return ctx.background().run("quote transfer", () -> {
            WalletSession s = session();
            var problemTo = Fields.recipient(to, s.book()::addressOf);
            var problemAmount = Fields.amount(value);
            if (problemTo.isPresent() || problemAmount.isPresent()) {
                return new Prepared(null, null, List.of(), problemTo.orElse(""), problemAmount.orElse(""));
            }
            TransferQuote q = s.quote(me, s.recipient(to), what, value);
            return new Prepared(q, s.summary(q), s.warnings(q), "", "");
        }, p -> {
            busy.set(false);
            if (!to.equals(recipient.text().get()) || !value.equals(amount.text().get()) || what != asset.get()) {
                return; // the fields changed while the transfer was priced: this quote is for other values
            }
            recipient.fail(p.toError());
            amount.fail(p.amountError());
            quote.set(p.quote());
            quoteText.set(p.summary() == null ? "" : p.summary());
            warning.set(String.join("\n", p.warnings()));
        }, m -> {
            busy.set(false);
            // the domain's refusal of an amount (funds, decimals) belongs next to the amount
            if (m.startsWith("insufficient funds") || m.startsWith("invalid amount") || m.contains("more than zero")) {
                amount.fail(m);
            } else {
                error.set(m);
            }
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private record Prepared(TransferQuote quote, String summary, List<String> warnings, String toError, String amountError) {
    }

    /** Step two: signs the quoted transfer with the password and broadcasts it. */
    public CompletableFuture<Void> confirmSend() {
        TransferQuote q = quote.get();
        clearMessages(Place.SEND);
        if (q == null) {
            error.set("Check the transfer first (Review).");
            return CompletableFuture.completedFuture(null);
        }
        if (!warning.get().isEmpty() && !acceptWarning.get()) {
            error.set("Read the warning about the recipient and tick \"Send anyway\", or cancel.");
            return CompletableFuture.completedFuture(null);
        }
        if (sendPassword.text().get().isEmpty()) {
            sendPassword.fail("Enter the wallet password to sign.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = sendPassword.text().get().toCharArray();
        sendPassword.text().set("");
        busy.set(true);
        return ctx.background().run("send transfer", () -> {
            WalletSession s = session();
            PendingTransaction tx = s.send(q, pw);
            // a few seconds cover the devnet and fast chains; a slower one shows it pending in the activity
            return s.awaitSettled(tx, Duration.ofSeconds(10));
        }, tx -> {
            busy.set(false);
            quote.set(null);
            quoteText.set("");
            warning.set("");
            recipient.text().set("");
            amount.text().set("");
            status.set("Sent " + AmountFormat.of(q.amount(), q.asset().symbol(tx.chainId()))
                    + " (" + tx.hash() + "): " + outcome(tx));
        }, m -> {
            busy.set(false);
            if (m.equals("Wrong password.")) {
                sendPassword.fail(m);
                error.set(m);
            } else {
                error.set(m);
            }
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    private static String outcome(PendingTransaction tx) {
        return switch (tx.status()) {
            case CONFIRMED -> "confirmed";
            case FAILED -> "failed on chain" + (tx.error() != null ? ": " + tx.error() : "");
            case REPLACED -> "replaced by another transaction";
            default -> "pending";
        };
    }

    /**
     * Sends a dropped row of the activity list again (its block was dropped, the node forgot it, or the
     * chain was reset): a new transaction at today's fee, signed with the password. Nothing else sends it.
     */
    public CompletableFuture<Void> sendAgain(Activity.Item item) {
        return signRow(item != null && item.canSendAgain(), "Select a dropped transfer first.", "send again",
                (s, pw) -> s.sendAgain(item.txId(), pw), "Sent again");
    }

    /** Speed up (true) or cancel (false) a pending row of the activity list, signed with the password. */
    public CompletableFuture<Void> replace(Activity.Item item, boolean speedUp) {
        return signRow(item != null && item.canReplace(), "Select a pending transaction first.", speedUp ? "speed up" : "cancel",
                (s, pw) -> speedUp ? s.speedUp(item.txId(), pw) : s.cancel(item.txId(), pw), speedUp ? "Sped up" : "Cancel sent");
    }

    /** One signed action on a row of the activity list, with the action password, then a refresh. */
    private CompletableFuture<Void> signRow(boolean selected, String selectFirst, String name,
                                            BiFunction<WalletSession, char[], PendingTransaction> action, String done) {
        clearMessages(Place.ACTIVITY);
        if (!selected) {
            error.set(selectFirst);
            return CompletableFuture.completedFuture(null);
        }
        if (actionPassword.text().get().isEmpty()) {
            actionPassword.fail("Enter the wallet password to sign.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = actionPassword.text().get().toCharArray();
        actionPassword.text().set("");
        busy.set(true);
        return ctx.background().run(name, () -> {
            WalletSession s = session();
            return s.awaitSettled(action.apply(s, pw), Duration.ofSeconds(10));
        }, tx -> {
            busy.set(false);
            status.set(done + " (" + tx.hash() + "): " + outcome(tx));
        }, m -> {
            busy.set(false);
            if (m.equals("Wrong password.")) {
                actionPassword.fail(m);
            }
            error.set(m);
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    /** On the local devnet only: test ETH for gas and POQ for the selected account, so it can ask and stake. */
    public CompletableFuture<Void> getTestTokens() {
        clearMessages();
        String me = address.get();
        busy.set(true);
        return ctx.background().run("devnet faucet", () -> DevnetFaucet.fund(session().network(), me), grant -> {
            busy.set(false);
            status.set("Received " + AmountFormat.of(grant.poq(), "test POQ")
                    + (grant.eth().isZero() ? "" : " and " + AmountFormat.of(grant.eth(), "test " + nativeSymbol.get()) + " for fees")
                    + " on " + selectedLabel() + " (local devnet only)");
        }, m -> {
            busy.set(false);
            error.set(m);
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    private String selectedLabel() {
        AccountRow r = selected.get();
        return r == null ? Ui.shortAddress(address.get()) : r.label();
    }

    /** Derives the next account (the wallet must be unlocked) and switches to it. */
    public CompletableFuture<Void> addAccount() {
        clearMessages();
        String name = newAccountName.text().get();
        if (!newAccountName.apply(Fields.required(name, "a name for the account"))) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("add account", () -> ctx.wallet().require().addAccount(name.strip()), a -> {
            newAccountName.text().set("");
            address.set(a.address());
            status.set("Added " + a.label() + " (" + a.address() + ")");
        }, m -> newAccountName.fail(m)).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public void cancelSend() {
        quote.set(null);
        quoteText.set("");
        warning.set("");
        acceptWarning.set(false);
    }

    public CompletableFuture<Void> lock() {
        return ctx.background().run("lock wallet", () -> {
            ctx.wallet().require().lock();
            return null;
        }, v -> onLocked(), error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> unlock() {
        clearMessages();
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
            error.set(m);
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    // ---------------------------------------------------------------- backup

    /** Shows the recovery phrase after the password is checked again. */
    public CompletableFuture<Void> revealPhrase() {
        clearMessages();
        if (!backupPassword.apply(Fields.required(backupPassword.text().get(), "the wallet password"))) {
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = backupPassword.text().get().toCharArray();
        backupPassword.text().set("");
        return ctx.background().run("reveal phrase", () -> {
            WalletVault.RevealedPhrase r = ctx.wallet().require().revealPhrase(pw);
            try (var phrase = r.phrase()) {
                return new Object[]{phrase.words(), r.withPassphrase()};
            }
        }, r -> {
            @SuppressWarnings("unchecked")
            List<String> words = (List<String>) r[0];
            revealedWords.setAll(words);
            backupStatus.set((Boolean) r[1] ? "This wallet also uses a passphrase (not shown): restoring needs both." : "");
        }, m -> backupPassword.fail(m)).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public void hidePhrase() {
        revealedWords.clear();
        backupStatus.set("");
    }

    /** The selected account's chain history as CSV (as `poq wallet history --csv`), names beside addresses. */
    public CompletableFuture<Void> exportCsv(Path file) {
        clearMessages(Place.ACTIVITY);
        String me = address.get();
        return ctx.background().run("export csv", () -> {
            WalletSession s = session();
            List<HistoryEntry> entries = s.history(me);
            try (var w = java.nio.file.Files.newBufferedWriter(file)) {
                CsvExport.write(entries, s.names(), w);
            }
            return entries.size();
        }, n -> status.set("Wrote " + n + " entries to " + file), error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Writes the selected account's key as a V3 keystore file into the chosen folder. */
    public CompletableFuture<Void> exportKeystore() {
        clearMessages();
        // issue 27: export needed the wallet password of the row above without saying so
        boolean ok = backupPassword.apply(Fields.required(backupPassword.text().get(),
                "the wallet password here: exporting a key needs it as well"));
        ok &= exportPassword.apply(exportPassword.text().get().length() >= 8 ? java.util.Optional.empty()
                : java.util.Optional.of("At least 8 characters: the keystore file's own password."));
        // typed twice, as poq wallet export asks it: a typo would lock the file for good
        ok &= exportRepeat.apply(exportRepeat.text().get().equals(exportPassword.text().get()) ? java.util.Optional.empty()
                : java.util.Optional.of("The two passwords differ: type the file's password twice."));
        ok &= exportFolder.apply(Fields.required(exportFolder.text().get(), "the folder to write the file into"));
        if (!ok) {
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = backupPassword.text().get().toCharArray();
        char[] epw = exportPassword.text().get().toCharArray();
        backupPassword.text().set("");
        exportPassword.text().set("");
        exportRepeat.text().set("");
        String who = address.get();
        Path dir = Path.of(exportFolder.text().get().strip());
        KdfParams kdf = ctx.wallet().kdf();
        return ctx.background().run("export keystore", () -> ctx.wallet().require().exportKeystore(who, pw, epw, dir, kdf),
                file -> backupStatus.set("Wrote " + file + ": the key of " + selectedLabel() + ", as sensitive as the key itself."),
                m -> {
                    if (m.equals("Wrong password.")) {
                        backupPassword.fail(m);
                    } else {
                        exportFolder.fail(m);
                    }
                }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Adds a V3 keystore file's key (the wallet must be unlocked) and switches to it. */
    public CompletableFuture<Void> importKeystore() {
        clearMessages();
        boolean ok = importFile.apply(Fields.required(importFile.text().get(), "the keystore file"));
        ok &= importPassword.apply(Fields.required(importPassword.text().get(), "the keystore file's password"));
        if (!ok) {
            return CompletableFuture.completedFuture(null);
        }
        Path file = Path.of(importFile.text().get().strip());
        char[] kpw = importPassword.text().get().toCharArray();
        importPassword.text().set("");
        String name = importName.get().strip();
        return ctx.background().run("import keystore", () -> {
            WalletVault v = ctx.wallet().require();
            return v.importKeystore(file, kpw, name.isEmpty() ? "Imported " + (v.accounts().size() + 1) : name);
        }, a -> {
            importFile.text().set("");
            importName.set("");
            address.set(a.address());
            // not "Imported Imported 3 (…)": the account's name, quoted, then where it came from
            backupStatus.set("Added \"" + a.label() + "\" (" + a.address() + ") from the keystore file.");
        }, m -> {
            if (m.equals("Wrong password.")) {
                importPassword.fail("Wrong password for this keystore file.");
            } else {
                importFile.fail(m);
            }
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    // ---------------------------------------------------------- address book

    public CompletableFuture<Void> addContact() {
        clearMessages();
        String name = contactName.text().get();
        String addr = contactAddress.text().get();
        boolean ok = contactName.apply(Fields.required(name, "a name"));
        ok &= contactAddress.apply(Fields.address(addr));
        if (!ok) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("address book", () -> {
            session().book().put(Addresses.parse(addr), name.strip());
            return null;
        }, v -> {
            contactName.text().set("");
            contactAddress.text().set("");
        }, contactName::fail).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public CompletableFuture<Void> removeContact(Contact c) {
        return ctx.background().run("address book", () -> {
            session().book().remove(c.address());
            return null;
        }, v -> { }, error::set).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

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
    public StringProperty recipientProperty() { return recipient.text(); }
    public ReadOnlyStringProperty recipientErrorProperty() { return recipient.error(); }
    public StringProperty amountProperty() { return amount.text(); }
    public ReadOnlyStringProperty amountErrorProperty() { return amount.error(); }
    public ObjectProperty<Asset> assetProperty() { return asset; }
    public StringProperty sendPasswordProperty() { return sendPassword.text(); }
    public ReadOnlyStringProperty sendPasswordErrorProperty() { return sendPassword.error(); }
    public StringProperty unlockPasswordProperty() { return unlockPassword.text(); }
    public ReadOnlyStringProperty unlockPasswordErrorProperty() { return unlockPassword.error(); }
    public ReadOnlyObjectProperty<TransferQuote> quoteProperty() { return quote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty quoteTextProperty() { return quoteText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty warningProperty() { return warning.getReadOnlyProperty(); }
    public BooleanProperty acceptWarningProperty() { return acceptWarning; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Place> placeProperty() { return place.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyListProperty<HistoryEntry> history() { return history.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Activity.Item> activity() { return activity.getReadOnlyProperty(); }
    public StringProperty actionPasswordProperty() { return actionPassword.text(); }
    public ReadOnlyStringProperty actionPasswordErrorProperty() { return actionPassword.error(); }
    public ReadOnlyListProperty<Contact> contacts() { return contacts.getReadOnlyProperty(); }
    public StringProperty contactNameProperty() { return contactName.text(); }
    public ReadOnlyStringProperty contactNameErrorProperty() { return contactName.error(); }
    public StringProperty contactAddressProperty() { return contactAddress.text(); }
    public ReadOnlyStringProperty contactAddressErrorProperty() { return contactAddress.error(); }
    public StringProperty newAccountNameProperty() { return newAccountName.text(); }
    public ReadOnlyStringProperty newAccountNameErrorProperty() { return newAccountName.error(); }
    public StringProperty backupPasswordProperty() { return backupPassword.text(); }
    public ReadOnlyStringProperty backupPasswordErrorProperty() { return backupPassword.error(); }
    public StringProperty exportPasswordProperty() { return exportPassword.text(); }
    public ReadOnlyStringProperty exportPasswordErrorProperty() { return exportPassword.error(); }
    public StringProperty exportFolderProperty() { return exportFolder.text(); }
    public ReadOnlyStringProperty exportFolderErrorProperty() { return exportFolder.error(); }
    public StringProperty exportRepeatProperty() { return exportRepeat.text(); }
    public ReadOnlyStringProperty exportRepeatErrorProperty() { return exportRepeat.error(); }
    /** The name the imported account gets (empty: "Imported N"). */
    public StringProperty importNameProperty() { return importName; }
    public StringProperty importFileProperty() { return importFile.text(); }
    public ReadOnlyStringProperty importFileErrorProperty() { return importFile.error(); }
    public StringProperty importPasswordProperty() { return importPassword.text(); }
    public ReadOnlyStringProperty importPasswordErrorProperty() { return importPassword.error(); }
    public ReadOnlyListProperty<String> revealedWords() { return revealedWords.getReadOnlyProperty(); }
    public ReadOnlyStringProperty backupStatusProperty() { return backupStatus.getReadOnlyProperty(); }
}
