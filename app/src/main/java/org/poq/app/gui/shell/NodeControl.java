package org.poq.app.gui.shell;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.core.TokenAmount;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;
import org.poq.app.service.NodeAccounts;
import org.poq.app.service.NodeLedger;
import org.poq.app.service.Problems;
import org.poq.app.service.RunningNode;
import org.web3j.crypto.Credentials;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.poq.app.service.WalletSigning;
import org.poq.core.AmountFormat;

/**
 * What the miner and validator screens share: the account that runs the node (a node needs an
 * account of its own, apart from the one that asks), its stake, start and stop with the password,
 * and the node's journal of jobs. The node keeps the account's key while it runs: it signs every
 * commit and reveal by itself.
 */
public final class NodeControl {
    private final AppContext ctx;
    private final NodeRole role;
    private final ReadOnlyListWrapper<String> accounts = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ObjectProperty<String> account = new SimpleObjectProperty<>();
    private final Map<String, NodeAccounts.Choice> choices = new ConcurrentHashMap<>();
    private final StringProperty stake = new SimpleStringProperty("100");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Stopped");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper ledger = new ReadOnlyStringWrapper("");
    private final ReadOnlyListWrapper<String> money = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Participation> jobs = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private volatile RunningNode node;
    private final List<Runnable> jobsChanged = new CopyOnWriteArrayList<>();

    public NodeControl(AppContext ctx, NodeRole role) {
        this.ctx = ctx;
        this.role = role;
    }

    /** Called on the UI executor after the job list was reloaded (each of a screen's parts may listen). */
    public void onJobsChanged(Runnable r) {
        jobsChanged.add(r);
    }

    public CompletableFuture<Void> loadAccounts() {
        return loadAccounts(null);
    }

    /** Reloads the accounts with their balances; selects {@code select}, else keeps the choice, else one that can pay the stake. */
    private CompletableFuture<Void> loadAccounts(String select) {
        return ctx.background().run("accounts", () -> NodeAccounts.read(ctx.wallet().require(), ctx.connection().current()),
                list -> {
                    String kept = select != null ? select : account.get();
                    choices.clear();
                    list.forEach(c -> choices.put(c.address(), c));
                    List<String> addresses = list.stream().map(NodeAccounts.Choice::address).toList();
                    // replacing the items clears the box's value: the choice is put back after (it went blank after "New account")
                    accounts.setAll(addresses);
                    RunningNode running = node;
                    if (running == null) {
                        account.set(kept != null && addresses.contains(kept) ? kept
                                : NodeAccounts.preferred(list, stakeOrDefault()).orElse(null));
                    } else {
                        // a running node's account stays on show (a reload while it ran left the box blank)
                        account.set(addresses.stream().filter(running.address()::equalsIgnoreCase).findFirst().orElse(kept));
                    }
                }, error::set).thenCompose(v -> reloadJobs()).exceptionally(e -> null);
    }

    private TokenAmount stakeOrDefault() {
        try {
            return TokenAmount.parse(stake.get());
        } catch (IllegalArgumentException e) {
            return TokenAmount.ofTokens(100);
        }
    }

    /** A new account from the wallet's seed, chosen at once; it needs POQ for the stake ({@link #fund()}). */
    public CompletableFuture<Void> addAccount() {
        error.set("");
        return ctx.background().run("add account", () -> {
            var v = ctx.wallet().require();
            return v.addAccount("Account " + (v.accounts().size() + 1)).address();
        }, a -> { }, error::set).thenCompose(this::loadAccounts).exceptionally(e -> null);
    }

    /** The account that would fund the chosen one with the stake, if any: the richest other that can pay it. */
    public Optional<NodeAccounts.Choice> funder() {
        String me = account.get();
        NodeAccounts.Choice mine = me == null ? null : choices.get(me);
        if (mine == null || (mine.poq() != null && mine.poq().compareTo(stakeOrDefault()) >= 0)) {
            return Optional.empty();
        }
        return NodeAccounts.funder(List.copyOf(choices.values()), me, stakeOrDefault());
    }

    /** Sends the stake (and coins for gas) to the chosen account from {@link #funder()}, signed with the password field. */
    public CompletableFuture<Void> fund() {
        error.set("");
        String me = account.get();
        var from = funder();
        if (me == null || from.isEmpty()) {
            error.set("No other account of this wallet holds " + AmountFormat.of(stakeOrDefault(), "POQ")
                    + " to fund it: receive POQ on the Wallet screen.");
            return CompletableFuture.completedFuture(null);
        }
        if (password.get().isEmpty()) {
            error.set("Enter the wallet password to send the stake from " + from.get().name() + ".");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = password.get().toCharArray();
        TokenAmount amount = stakeOrDefault();
        busy.set(true);
        status.set("Funding from " + from.get().name() + "...");
        return ctx.background().run("fund " + role, () -> {
            var vault = ctx.wallet().require();
            try {
                WalletSigning.unlockIfLocked(vault, pw);
                return NodeAccounts.fund(ctx.connection().require(), vault, ctx.db(), from.get().address(), me, amount, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, said -> {
            busy.set(false);
            status.set(said + " from " + from.get().name() + ": ready to start");
        }, m -> {
            busy.set(false);
            status.set("Stopped");
            error.set(m);
        }).thenCompose(v -> loadAccounts(me)).exceptionally(e -> null);
    }

    /** What the picker shows for an address: name, short address and POQ balance. */
    public String display(String address) {
        NodeAccounts.Choice c = address == null ? null : choices.get(address);
        return c == null ? (address == null ? "" : address) : c.display();
    }

    /** Starts the node; {@code starter} registers and starts it with the key (blocking, off the UI thread). */
    public CompletableFuture<Void> start(BiFunction<PoqNetwork, Credentials, RunningNode> starter, Consumer<RunningNode> wire) {
        error.set("");
        String me = account.get();
        if (me == null) {
            error.set("Choose the account that runs the " + role.word() + ".");
            return CompletableFuture.completedFuture(null);
        }
        try {
            TokenAmount.parse(stake.get());
        } catch (IllegalArgumentException e) {
            error.set("Invalid stake: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (password.get().isEmpty()) {
            error.set("Enter the wallet password to start the " + role.word() + ".");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = password.get().toCharArray();
        password.set("");
        busy.set(true);
        status.set("Starting...");
        return ctx.background().run("start " + role.word(), () -> {
            PoqNetwork n = ctx.connection().require();
            RunningNode started = WalletSigning.withCredentials(ctx.wallet().require(), me, pw,
                    c -> starter.apply(n, c));
            started.onChange(p -> reloadJobs(me));
            started.onError(e -> ctx.background().ui().execute(() -> error.set(role.word() + " error: " + Problems.describe(e))));
            // what stops the node from serving (not registered, the chain reset) is its status, told once per change
            started.onStanding(line -> ctx.background().ui().execute(() -> {
                if (node == started) {
                    status.set(line);
                }
            }));
            wire.accept(started);
            return started;
        }, started -> {
            node = started;
            busy.set(false);
            running.set(true);
            status.set("Running as " + Ui.shortAddress(me) + ": waiting for tasks");
        }, m -> {
            busy.set(false);
            status.set("Stopped");
            error.set(m);
        }).thenCompose(v -> reloadJobs()).exceptionally(e -> null);
    }

    public TokenAmount stakeAmount() {
        return TokenAmount.parse(stake.get());
    }

    public CompletableFuture<Void> stop() {
        RunningNode n = node;
        node = null;
        if (n == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("stop " + role.word(), () -> {
            n.close();
            return null;
        }, v -> {
            running.set(false);
            status.set("Stopped");
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** The jobs of the running node's account, or of the chosen one while stopped. */
    public CompletableFuture<Void> reloadJobs() {
        return reloadJobs(nodeAccount());
    }

    /** The account whose jobs and earnings the screen shows: the running node's, never just the box's. */
    public String nodeAccount() {
        RunningNode n = node;
        return n != null ? n.address() : account.get();
    }

    private CompletableFuture<Void> reloadJobs(String me) {
        if (me == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("jobs", () -> {
            ParticipationJournal journal = new ParticipationJournal(ctx.db());
            return Map.entry(journal.list(me), NodeLedger.read(journal, me));
        }, read -> {
            if (!me.equalsIgnoreCase(String.valueOf(nodeAccount()))) {
                return; // the node or the chosen account changed while this was read: a newer reload follows
            }
            jobs.setAll(read.getKey());
            NodeLedger.Summary summary = read.getValue();
            ledger.set(summary.headline());
            // each reward and slash the chain recorded, newest first, with its task and reason in words
            money.setAll(summary.moneyLines());
            jobsChanged.forEach(Runnable::run);
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public void reportError(String message) {
        error.set(message);
    }

    public ReadOnlyListProperty<String> accounts() { return accounts.getReadOnlyProperty(); }
    public ObjectProperty<String> accountProperty() { return account; }
    public StringProperty stakeProperty() { return stake; }
    public StringProperty passwordProperty() { return password; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** What the node has earned and lost over its tasks on this network, in words. */
    public ReadOnlyStringProperty ledgerProperty() { return ledger.getReadOnlyProperty(); }
    /** Every reward and slash recorded, newest first: "miner task 7: failed (…), slashed 20 POQ: did not commit". */
    public ReadOnlyListProperty<String> money() { return money.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Participation> jobs() { return jobs.getReadOnlyProperty(); }
    public List<Participation> jobList() { return List.copyOf(jobs); }
}
