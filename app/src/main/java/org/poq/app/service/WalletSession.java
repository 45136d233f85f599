package org.poq.app.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalDevnet;
import org.poq.wallet.Account;
import org.poq.wallet.NativeCurrency;
import org.poq.wallet.Secrets;
import org.poq.wallet.WalletChain;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.AddressBook;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.history.HistoryScanner;
import org.poq.wallet.history.HistoryStore;
import org.poq.wallet.history.KnownNames;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.AccountDiscovery;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.BalanceService;
import org.poq.wallet.transfer.Balances;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.PendingTxStore;
import org.poq.wallet.transfer.RecipientCheck;
import org.poq.wallet.transfer.TransferQuote;
import org.poq.wallet.transfer.TransferService;

/**
 * The wallet on one connected network, for every face (the Wallet screen and {@code poq wallet}):
 * the one place its services are wired (transfers with their pending-transaction store, balances
 * that never go backwards behind a lagging node, the history scanner, the address book, the
 * recipient check). Faces only parse input and render what it returns. Blocking calls (RPC, SQLite):
 * run them off a UI thread.
 *
 * <p>It borrows the network, the database and the vault: whoever opened them closes them.
 */
public final class WalletSession {
    private final PoqNetwork network;
    private final WalletVault vault;
    private final WalletChain chain;
    private final TransferService transfers;
    private final NewestBalances balances;
    private final HistoryScanner history;
    private final AddressBook book;
    private final RecipientCheck recipients;
    /** The history scanner keeps a cursor and a cache: one scan at a time (two raced on the window's first open). */
    private final Object scanning = new Object();

    public WalletSession(PoqNetwork network, Database db, WalletVault vault) {
        this.network = network;
        this.vault = vault;
        this.chain = WalletChain.of(network);
        this.transfers = new TransferService(chain, vault, new PendingTxStore(db, Clock.systemUTC()));
        this.balances = new NewestBalances(new BalanceService(chain));
        // native coin and fees always: the window's history is as complete as the CLI's
        this.history = new HistoryScanner(chain, new HistoryStore(db, chain.chainId()), true);
        this.book = new AddressBook(db);
        this.recipients = new RecipientCheck(chain);
    }

    public PoqNetwork network() {
        return network;
    }

    public WalletVault vault() {
        return vault;
    }

    public long chainId() {
        return chain.chainId();
    }

    /** The native coin's symbol on this chain ("ETH" on the devnet). */
    public String nativeSymbol() {
        return NativeCurrency.symbol(chain.chainId());
    }

    public boolean localDevnet() {
        return LocalDevnet.isLocal(network.descriptor());
    }

    public AddressBook book() {
        return book;
    }

    // ---------------------------------------------------------------- lock

    public boolean unlocked() {
        return vault.isUnlocked();
    }

    public void unlock(char[] password) {
        vault.unlock(password);
    }

    public void lock() {
        vault.lock();
    }

    /**
     * Unlocks with the password, runs {@code work} with it (a transaction is signed with the password
     * again), then wipes the password and locks the wallet, whatever happened.
     */
    public void whileUnlocked(char[] password, Consumer<char[]> work) {
        whileUnlocked(vault, password, work);
    }

    /** {@link #whileUnlocked(char[], Consumer)} for a face that has the vault but no network (`poq wallet` key commands). */
    public static void whileUnlocked(WalletVault vault, char[] password, Consumer<char[]> work) {
        try {
            vault.unlock(password.clone());
            work.accept(password);
        } finally {
            Secrets.wipe(password);
            vault.lock();
        }
    }

    // ---------------------------------------------------------------- accounts

    /** An account with the balances last read for it. */
    public record AccountBalances(Account account, Balances balances) {
    }

    public List<Account> accounts() {
        return vault.accounts();
    }

    /**
     * An account by address, by name ("Account 2", "savings") or by number (2, counted from 1); the
     * first without one. Throws IllegalArgumentException naming the valid numbers.
     */
    public String account(String which) {
        return account(vault, which);
    }

    /** {@link #account(String)} for a face that has the vault but no network yet. */
    public static String account(WalletVault vault, String which) {
        List<Account> all = vault.accounts();
        if (which == null || which.isBlank()) {
            return all.get(0).address();
        }
        String w = which.strip();
        if (w.matches("\\d{1,4}")) {
            int n = Integer.parseInt(w);
            if (n < 1 || n > all.size()) {
                throw new IllegalArgumentException("no account " + n + ": this wallet has accounts 1.." + all.size());
            }
            return all.get(n - 1).address();
        }
        return all.stream().filter(a -> a.address().equalsIgnoreCase(w) || a.label().equalsIgnoreCase(w)).findFirst()
                .map(Account::address)
                .orElseThrow(() -> new IllegalArgumentException("no account '" + w + "' in this wallet: `poq wallet accounts` lists them"));
    }

    /** Derives the next account under this name (the wallet must be unlocked). */
    public Account addAccount(String name) {
        return vault.addAccount(name);
    }

    /**
     * One account's balances at the newest block seen so far: never older than what was shown, even
     * when a read reaches a node lagging behind another.
     */
    public Balances balances(String address) {
        return balances.read(address).balances();
    }

    /** Every account with its balances, in the wallet's order. */
    public List<AccountBalances> accountBalances() {
        List<AccountBalances> out = new ArrayList<>();
        for (Account a : vault.accounts()) {
            out.add(new AccountBalances(a, balances(a.address())));
        }
        return out;
    }

    /** Adds the used accounts found on this chain (a gap of unused ones ends the search); the count of accounts after. */
    public int discoverAccounts() {
        return discoverAccounts(network, vault);
    }

    /** {@link #discoverAccounts()} before a session exists (first run, restore). */
    public static int discoverAccounts(PoqNetwork network, WalletVault vault) {
        return new AccountDiscovery(WalletChain.of(network)).discover(vault, AccountDiscovery.DEFAULT_GAP);
    }

    // ---------------------------------------------------------------- send

    /** An address as given, or the address-book entry of that name. */
    public String recipient(String addressOrName) {
        String t = addressOrName.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return t;
        }
        return book.addressOf(t).orElseThrow(() -> new IllegalArgumentException("no contact named '" + t
                + "' in the address book, and not an address (an address starts with 0x)"));
    }

    /** The asset by name: POQ, or the chain's native coin by its symbol. */
    public Asset asset(String name) {
        return Asset.parse(name, chain.chainId());
    }

    /** A transfer, checked and priced (amount, balance, gas and fee), not yet signed. */
    public TransferQuote quote(String from, String to, Asset asset, String amount) {
        return transfers.prepare(from, to, asset, amount);
    }

    /**
     * Who an address is, the same in the review, Activity, the CSV and the Ask screen: the user's own
     * accounts, the network's contracts, then the address book (issue 27).
     */
    public KnownNames names() {
        return KnownNames.of(vault.accounts(), network.descriptor().contracts(), book);
    }

    /** The quote in words: each address by name and in full, checksummed; the chain's native symbol. */
    public String summary(TransferQuote q) {
        return q.summary(names(), nativeSymbol());
    }

    /** What the user should confirm about the recipient (the zero address, a contract, the sender itself). */
    public List<String> warnings(TransferQuote q) {
        return recipients.warnings(q.to(), q.from());
    }

    public PendingTransaction send(TransferQuote q, char[] password) {
        return transfers.send(q, password);
    }

    /** Re-sends a pending transaction (its number in the activity) with a higher fee, same nonce. */
    public PendingTransaction speedUp(long id, char[] password) {
        return transfers.speedUp(id, password);
    }

    /** Cancels a pending transaction: a zero-value transfer to oneself takes its nonce. */
    public PendingTransaction cancel(long id, char[] password) {
        return transfers.cancel(id, password);
    }

    /** What sending a dropped transfer (its number in the activity) again costs, before the password is asked. */
    public TransferQuote quoteAgain(long id) {
        return transfers.quoteAgain(id);
    }

    /**
     * Sends a dropped transfer again (its block was dropped, the node forgot it, the chain was reset): a new
     * transaction signed now; nothing else ever re-sends it (decision 0037).
     */
    public PendingTransaction sendAgain(long id, char[] password) {
        return transfers.sendAgain(id, password);
    }

    /** Waits up to {@code limit} for the transaction to be mined or replaced; pending (not lost) after that. */
    public PendingTransaction awaitSettled(PendingTransaction tx, Duration limit) {
        return transfers.awaitSettled(tx, limit);
    }

    /** Brings the pending transactions up to date with the chain (mined, replaced, dropped); reads only, never sends. */
    public void refreshPending() {
        transfers.refresh();
    }

    // ---------------------------------------------------------------- history

    /** The account's chain history (transfers in and out, native coin and fees too), resumed from the stored cursor. */
    public List<HistoryEntry> history(String account) {
        synchronized (scanning) {
            return history.scan(account);
        }
    }

    /** The chain history merged with the wallet's own pending, replaced and cancelled transactions, newest first. */
    public List<Activity.Item> activity(String account, List<HistoryEntry> history) {
        return Activity.of(account, history, transfers.transactions(account), names());
    }
}
