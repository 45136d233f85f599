package org.poq.app.gui.wallet;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.Ui;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.network.devnet.LocalDevnet;
import org.poq.wallet.Addresses;
import org.poq.wallet.WalletChain;
import org.poq.wallet.history.AddressBook;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.history.HistoryScanner;
import org.poq.wallet.history.HistoryStore;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.BalanceService;
import org.poq.wallet.transfer.Balances;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.PendingTxStore;
import org.poq.wallet.transfer.TransferQuote;
import org.poq.wallet.transfer.TransferService;

/**
 * The wallet screen: balances, a send in two steps (quote with the fee, then confirm with the
 * password), the receive address, history, address book, lock and unlock. A failed step leaves the
 * form as it was, with the reason in {@link #errorProperty()}.
 */
public final class WalletViewModel {
    public record Contact(String name, String address) {
    }

    private final AppContext ctx;
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nativeBalance = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper poqBalance = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper staked = new ReadOnlyStringWrapper("-");
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper devnet = new ReadOnlyBooleanWrapper(false);
    private final StringProperty recipient = new SimpleStringProperty("");
    private final StringProperty amount = new SimpleStringProperty("");
    private final ObjectProperty<Asset> asset = new SimpleObjectProperty<>(Asset.POQ);
    private final StringProperty sendPassword = new SimpleStringProperty("");
    private final StringProperty unlockPassword = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<TransferQuote> quote = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper quoteText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyListWrapper<HistoryEntry> history = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Contact> contacts = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final StringProperty contactName = new SimpleStringProperty("");
    private final StringProperty contactAddress = new SimpleStringProperty("");
    private volatile Services services;

    /** The wallet module's services for the connected chain, made once per connection. */
    private record Services(PoqNetwork network, WalletChain chain, TransferService transfers, BalanceService balances,
                            HistoryScanner history, AddressBook book) {
    }

    public WalletViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    private Services services() {
        PoqNetwork n = ctx.connection().require();
        Services s = services;
        if (s == null || s.network() != n) {
            WalletChain chain = WalletChain.of(n);
            WalletVault vault = ctx.wallet().require();
            s = new Services(n, chain, new TransferService(chain, vault, new PendingTxStore(ctx.db(), Clock.systemUTC())),
                    new BalanceService(chain), new HistoryScanner(chain, new HistoryStore(ctx.db(), chain.chainId()), false),
                    new AddressBook(ctx.db()));
            services = s;
        }
        return s;
    }

    private record Snapshot(String address, boolean unlocked, boolean devnet, Balances balances, List<HistoryEntry> history,
                            Map<String, String> book) {
    }

    /** Reloads the account, balances, history and address book from the chain and the database. */
    public CompletableFuture<Void> refresh() {
        return ctx.background().run("wallet refresh", () -> {
            WalletVault vault = ctx.wallet().require();
            String me = vault.accounts().get(0).address();
            Services s = services();
            Balances b = s.balances().balances(me);
            List<HistoryEntry> h = s.history().scan(me);
            return new Snapshot(me, vault.isUnlocked(), LocalDevnet.isLocal(s.network().descriptor()),
                    b, h, s.book().all());
        }, snap -> {
            address.set(snap.address());
            devnet.set(snap.devnet());
            locked.set(!snap.unlocked());
            nativeBalance.set(Ui.amount(snap.balances().nativeCoin()) + " ETH");
            poqBalance.set(Ui.amount(snap.balances().poq()) + " POQ");
            staked.set(Ui.amount(snap.balances().staked()) + " POQ");
            // zero-amount lines (a refund of nothing) are noise to a user
            List<HistoryEntry> newest = new java.util.ArrayList<>(snap.history().stream()
                    .filter(h -> h.amount() == null || !h.amount().isZero()).toList());
            java.util.Collections.reverse(newest);
            history.setAll(newest);
            contacts.setAll(snap.book().entrySet().stream().map(e -> new Contact(e.getValue(), e.getKey())).toList());
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Step one of a send: checks the input and prices the transfer; nothing is signed. */
    public CompletableFuture<Void> prepareSend() {
        error.set("");
        status.set("");
        quote.set(null);
        quoteText.set("");
        String to = recipient.get();
        String value = amount.get();
        Asset what = asset.get();
        String me = address.get();
        busy.set(true);
        return ctx.background().run("quote transfer", () -> {
            Services s = services();
            String target = to == null ? "" : to.strip();
            if (!target.startsWith("0x")) {
                target = s.book().addressOf(target).orElse(target);
            }
            TransferQuote q = s.transfers().prepare(me, target, what, value);
            return new Object[]{q, q.summary(a -> s.book().display(a))};
        }, r -> {
            busy.set(false);
            quote.set((TransferQuote) r[0]);
            quoteText.set((String) r[1]);
        }, m -> {
            busy.set(false);
            error.set(m);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Step two: signs the quoted transfer with the password and broadcasts it. */
    public CompletableFuture<Void> confirmSend() {
        TransferQuote q = quote.get();
        error.set("");
        if (q == null) {
            error.set("Check the transfer first (Review).");
            return CompletableFuture.completedFuture(null);
        }
        if (sendPassword.get().isEmpty()) {
            error.set("Enter the wallet password to sign.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = sendPassword.get().toCharArray();
        sendPassword.set("");
        busy.set(true);
        return ctx.background().run("send transfer", () -> {
            Services s = services();
            PendingTransaction tx = s.transfers().send(q, pw);
            // a few seconds cover the devnet and fast chains; a slower one shows it pending in the history
            return s.transfers().awaitSettled(tx, Duration.ofSeconds(10));
        }, tx -> {
            busy.set(false);
            quote.set(null);
            quoteText.set("");
            recipient.set("");
            amount.set("");
            status.set("Sent " + q.amount().toPlainString() + (q.asset() == Asset.POQ ? " POQ" : " ETH") + " (" + tx.hash() + "): "
                    + switch (tx.status()) {
                        case CONFIRMED -> "confirmed";
                        case FAILED -> "failed on chain" + (tx.error() != null ? ": " + tx.error() : "");
                        case REPLACED -> "replaced by another transaction";
                        default -> "pending";
                    });
        }, m -> {
            busy.set(false);
            error.set(m);
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    /** On the local devnet only: test ETH for gas and POQ, so a new wallet can ask and stake. */
    public CompletableFuture<Void> getTestTokens() {
        error.set("");
        status.set("");
        String me = address.get();
        busy.set(true);
        return ctx.background().run("devnet faucet", () -> DevnetFaucet.fund(services().network(), me), grant -> {
            busy.set(false);
            status.set("Received " + grant.poq().toPlainString() + " test POQ"
                    + (grant.eth().isZero() ? "" : " and " + grant.eth().toPlainString() + " test ETH for fees")
                    + " (local devnet only)");
        }, m -> {
            busy.set(false);
            error.set(m);
        }).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public void cancelSend() {
        quote.set(null);
        quoteText.set("");
    }

    public CompletableFuture<Void> lock() {
        return ctx.background().run("lock wallet", () -> {
            ctx.wallet().require().lock();
            return null;
        }, v -> locked.set(true), error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public CompletableFuture<Void> unlock() {
        error.set("");
        char[] pw = unlockPassword.get().toCharArray();
        unlockPassword.set("");
        return ctx.background().run("unlock wallet", () -> {
            ctx.wallet().require().unlock(pw);
            return null;
        }, v -> locked.set(false), error::set).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public CompletableFuture<Void> addContact() {
        error.set("");
        String name = contactName.get();
        String addr = contactAddress.get();
        return ctx.background().run("address book", () -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("give the contact a name");
            }
            services().book().put(Addresses.parse(addr), name.strip());
            return null;
        }, v -> {
            contactName.set("");
            contactAddress.set("");
        }, error::set).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public CompletableFuture<Void> removeContact(Contact c) {
        return ctx.background().run("address book", () -> {
            services().book().remove(c.address());
            return null;
        }, v -> { }, error::set).thenCompose(v -> refresh()).exceptionally(e -> null);
    }

    public String address() {
        return address.get();
    }

    public ReadOnlyStringProperty addressProperty() { return address.getReadOnlyProperty(); }
    public ReadOnlyStringProperty nativeBalanceProperty() { return nativeBalance.getReadOnlyProperty(); }
    public ReadOnlyStringProperty poqBalanceProperty() { return poqBalance.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stakedProperty() { return staked.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty lockedProperty() { return locked.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty devnetProperty() { return devnet.getReadOnlyProperty(); }
    public StringProperty recipientProperty() { return recipient; }
    public StringProperty amountProperty() { return amount; }
    public ObjectProperty<Asset> assetProperty() { return asset; }
    public StringProperty sendPasswordProperty() { return sendPassword; }
    public StringProperty unlockPasswordProperty() { return unlockPassword; }
    public ReadOnlyObjectProperty<TransferQuote> quoteProperty() { return quote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty quoteTextProperty() { return quoteText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyListProperty<HistoryEntry> history() { return history.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Contact> contacts() { return contacts.getReadOnlyProperty(); }
    public StringProperty contactNameProperty() { return contactName; }
    public StringProperty contactAddressProperty() { return contactAddress; }
}
