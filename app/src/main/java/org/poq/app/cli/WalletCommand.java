package org.poq.app.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.poq.core.AppPaths;
import org.poq.core.db.Database;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.wallet.Account;
import org.poq.wallet.WalletChain;
import org.poq.wallet.history.AddressBook;
import org.poq.wallet.history.CsvExport;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.history.HistoryScanner;
import org.poq.wallet.history.HistoryStore;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.keys.SeedConfirmation;
import org.poq.wallet.keys.SeedPhrase;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.BalanceService;
import org.poq.wallet.transfer.Balances;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.PendingTxStore;
import org.poq.wallet.transfer.TransferQuote;
import org.poq.wallet.transfer.TransferService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `poq wallet create|restore|list|balance|send|history`. Passwords and phrases come from the console
 * (not echoed) or from files, never from arguments: arguments end up in shell history and `ps`.
 * Without a console (scripts, tests) answers are read as lines from standard input.
 */
@Command(name = "wallet", mixinStandardHelpOptions = true, description = "Create, restore and use the PoQ wallet.",
        subcommands = {WalletCommand.Create.class, WalletCommand.Restore.class, WalletCommand.ListAccounts.class,
                WalletCommand.Balance.class, WalletCommand.Send.class, WalletCommand.History.class})
public final class WalletCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every wallet subcommand shares. */
    static final class Common {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--wallet", description = "Wallet file (default: keystore/wallet.vault in the data folder).")
        Path wallet;

        @Option(names = "--password-file", description = "Read the wallet password from this file (first line).")
        Path passwordFile;

        @Option(names = "--network", description = "Network descriptor (default: the local devnet's).")
        Path network;

        @Option(names = "--light-kdf", hidden = true, description = "Cheap scrypt, for tests only.")
        boolean lightKdf;

        private BufferedReader stdin;

        Path walletFile() {
            return wallet != null ? wallet : org.poq.app.service.WalletFile.of(AppPaths.fromEnvironment());
        }

        KdfParams kdf() {
            return lightKdf ? KdfParams.light(1024) : KdfParams.STANDARD;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        char[] password(String prompt) {
            if (passwordFile != null) {
                return firstLine(passwordFile, "password");
            }
            return secret(prompt);
        }

        char[] secret(String prompt) {
            Console console = System.console();
            if (console != null) {
                char[] pw = console.readPassword("%s: ", prompt);
                if (pw == null) {
                    throw new IllegalArgumentException("no input");
                }
                return pw;
            }
            String line = line(prompt);
            return line.toCharArray();
        }

        String line(String prompt) {
            Console console = System.console();
            if (console != null) {
                String s = console.readLine("%s: ", prompt);
                if (s == null) {
                    throw new IllegalArgumentException("no input");
                }
                return s;
            }
            try {
                if (stdin == null) {
                    stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                }
                String s = stdin.readLine();
                if (s == null) {
                    throw new IllegalArgumentException("no input for: " + prompt);
                }
                return s;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read standard input: " + e.getMessage());
            }
        }

        WalletVault openVault() {
            Path file = walletFile();
            if (!WalletVault.exists(file)) {
                throw new IllegalArgumentException("no wallet at " + file + ": run `poq wallet create` or `poq wallet restore`");
            }
            return WalletVault.open(file, Clock.systemUTC(), Duration.ofMinutes(5));
        }

        NetworkDescriptor descriptor() {
            Path file = network != null ? network : AppPaths.fromEnvironment().devnet().resolve("network.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no network descriptor at " + file
                        + ": start the devnet (`poq devnet start`) or pass --network");
            }
            return NetworkDescriptor.read(file);
        }
    }

    static char[] firstLine(Path file, String what) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            Arrays.fill(bytes, (byte) 0);
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] out = new char[end];
            chars.get(out, 0, end);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + e.getMessage());
        }
    }

    static void createVault(Common c, SeedPhrase phrase, char[] passphrase, int accounts) {
        char[] password = c.password("New wallet password");
        if (c.passwordFile == null) {
            char[] again = c.secret("Repeat the password");
            boolean same = Arrays.equals(password, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(password, '\0');
                throw new IllegalArgumentException("the passwords differ; nothing was created");
            }
        }
        WalletVault vault = WalletVault.create(c.walletFile(), phrase, passphrase, password, accounts, c.kdf(),
                Clock.systemUTC(), Duration.ofMinutes(5));
        for (Account a : vault.accounts()) {
            c.out().println(a.label() + "  " + a.address() + "  " + a.derivationPath());
        }
        vault.lock();
        c.out().println("wallet written to " + c.walletFile());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a wallet with a new seed phrase.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Common c;

        @Option(names = "--words", defaultValue = "12", description = "Phrase length: 12 or 24 (default: ${DEFAULT-VALUE}).")
        int words;

        @Override
        public Integer call() {
            if (WalletVault.exists(c.walletFile())) {
                throw new IllegalArgumentException("a wallet already exists at " + c.walletFile());
            }
            try (SeedPhrase phrase = Mnemonics.generate(words, new SecureRandom())) {
                c.out().println("Your seed phrase. Write it down on paper, in order; it is shown only this once:");
                List<String> w = phrase.words();
                for (int i = 0; i < w.size(); i++) {
                    c.out().printf("%2d. %s%n", i + 1, w.get(i));
                }
                c.out().flush();
                SeedConfirmation confirm = SeedConfirmation.of(phrase);
                Map<Integer, char[]> answers = new HashMap<>();
                for (int p : confirm.positions()) {
                    answers.put(p, c.secret("Word " + p));
                }
                List<Integer> wrong = confirm.check(answers);
                if (!wrong.isEmpty()) {
                    throw new IllegalArgumentException("word(s) " + wrong + " do not match; no wallet was created, start again");
                }
                createVault(c, phrase, new char[0], 1);
            }
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a wallet from its seed phrase.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        Common c;

        @Option(names = "--phrase-file", description = "Read the phrase from this file instead of the console.")
        Path phraseFile;

        @Option(names = "--with-passphrase", description = "Also ask for the optional BIP-39 passphrase.")
        boolean withPassphrase;

        @Option(names = "--accounts", defaultValue = "1", description = "How many accounts to derive (default: ${DEFAULT-VALUE}).")
        int accounts;

        @Override
        public Integer call() {
            char[] text = phraseFile != null ? firstLine(phraseFile, "phrase") : c.secret("Seed phrase (words separated by spaces)");
            SeedPhrase phrase;
            try {
                phrase = Mnemonics.parse(text);
            } finally {
                Arrays.fill(text, '\0');
            }
            try (phrase) {
                char[] passphrase = withPassphrase ? c.secret("Passphrase") : new char[0];
                createVault(c, phrase, passphrase, accounts);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the wallet's accounts.")
    static final class ListAccounts implements Callable<Integer> {
        @Mixin
        Common c;

        @Override
        public Integer call() {
            for (Account a : c.openVault().accounts()) {
                c.out().println(a.label() + "  " + a.address() + "  " + (a.kind() == Account.Kind.HD ? a.derivationPath() : "imported"));
            }
            return 0;
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true, description = "Show the balances of the accounts.")
    static final class Balance implements Callable<Integer> {
        @Mixin
        Common c;

        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            try (PoqNetwork net = PoqNetwork.connect(c.descriptor())) {
                BalanceService balances = new BalanceService(WalletChain.of(net));
                for (Account a : vault.accounts()) {
                    Balances b = balances.balances(a.address());
                    c.out().println(a.label() + "  " + a.address() + "  " + b.nativeCoin().format(6) + " ETH  "
                            + b.poq().format(4) + " POQ  (staked " + b.staked().format(4) + ", unbonding " + b.unbonding().format(4) + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true, description = "Send ETH or POQ; shows the fee and asks for the password.")
    static final class Send implements Callable<Integer> {
        // long enough for a block on a real chain's fast path; a slower one leaves it pending, not lost
        static final java.time.Duration SETTLE_WAIT = java.time.Duration.ofSeconds(30);

        @Mixin
        Common c;

        @Option(names = "--from", description = "Sending account (default: the first).")
        String from;

        @Option(names = "--asset", defaultValue = "POQ", description = "POQ or NATIVE (default: ${DEFAULT-VALUE}).")
        Asset asset;

        @Option(names = "--yes", description = "Do not ask for confirmation of the summary.")
        boolean yes;

        @Parameters(index = "0", description = "Recipient address, or a name from the address book.")
        String to;

        @Parameters(index = "1", description = "Amount, e.g. 12.5")
        String amount;

        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            try (PoqNetwork net = PoqNetwork.connect(c.descriptor());
                 Database db = Database.open(AppPaths.fromEnvironment().database())) {
                AddressBook book = new AddressBook(db);
                String recipient = to.startsWith("0x") || to.startsWith("0X") ? to
                        : book.addressOf(to).orElseThrow(() -> new IllegalArgumentException("no contact named '" + to + "'"));
                String sender = from != null ? from : vault.accounts().get(0).address();
                vault.unlock(c.password("Wallet password"));
                TransferService transfers = new TransferService(WalletChain.of(net), vault, new PendingTxStore(db, Clock.systemUTC()));
                TransferQuote q = transfers.prepare(sender, recipient, asset, amount);
                c.out().println(q.summary(book::display));
                if (!yes && !c.line("Send? [y/N]").trim().equalsIgnoreCase("y")) {
                    c.out().println("cancelled; nothing was sent");
                    return 1;
                }
                char[] pw = c.passwordFile != null ? firstLine(c.passwordFile, "password") : c.secret("Password to sign");
                PendingTransaction sent = transfers.send(q, pw);
                c.out().println("sent: " + sent.hash() + " (nonce " + sent.nonce() + ")");
                PendingTransaction settled = transfers.awaitSettled(sent, SETTLE_WAIT);
                c.out().println(settled.status().isOpen()
                        ? "pending: not in a block after " + SETTLE_WAIT.toSeconds() + " s; `poq wallet history` shows it once it is"
                        : settled.status().name().toLowerCase(java.util.Locale.ROOT)
                                + (settled.error() != null ? ": " + settled.error() : ""));
                vault.lock();
            }
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Show or export an account's history.")
    static final class History implements Callable<Integer> {
        @Mixin
        Common c;

        @Option(names = "--account", description = "Account (default: the first).")
        String account;

        @Option(names = "--csv", description = "Write the history as CSV to this file.")
        Path csv;

        @Override
        public Integer call() throws IOException {
            WalletVault vault = c.openVault();
            String who = account != null ? account : vault.accounts().get(0).address();
            try (PoqNetwork net = PoqNetwork.connect(c.descriptor());
                 Database db = Database.open(AppPaths.fromEnvironment().database())) {
                WalletChain chain = WalletChain.of(net);
                List<HistoryEntry> entries = new HistoryScanner(chain, new HistoryStore(db, chain.chainId()), true).scan(who);
                AddressBook book = new AddressBook(db);
                if (csv != null) {
                    try (var w = Files.newBufferedWriter(csv)) {
                        CsvExport.write(entries, book::display, w);
                    }
                    c.out().println(entries.size() + " entries written to " + csv);
                } else {
                    for (HistoryEntry e : entries) {
                        c.out().println(e.time() + "  " + e.kind() + "  " + e.amount().toPlainString() + " "
                                + (e.asset() == Asset.POQ ? "POQ" : "ETH") + "  "
                                + (e.counterparty() == null ? "" : book.display(e.counterparty()) + "  ") + e.reason());
                    }
                }
            }
            return 0;
        }
    }
}
