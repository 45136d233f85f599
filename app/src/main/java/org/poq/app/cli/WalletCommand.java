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
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.poq.app.service.Networks;
import org.poq.app.service.Problems;
import org.poq.app.service.WalletSession;
import org.poq.core.AmountFormat;
import org.poq.core.AppPaths;
import org.poq.core.FilePermissions;
import org.poq.core.db.Database;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.wallet.Account;
import org.poq.wallet.Secrets;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.keys.SeedConfirmation;
import org.poq.wallet.keys.SeedPhrase;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Balances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `poq wallet ...`. Passwords and phrases come from the console (not echoed) or from files, never
 * from arguments: arguments end up in shell history and `ps`. Without a console (scripts, tests)
 * answers are read as lines from standard input. Key commands live in {@link WalletKeyCommands},
 * transaction commands in {@link WalletTxCommands}.
 */
@Command(name = "wallet", mixinStandardHelpOptions = true, description = "Create, restore and use the PoQ wallet.",
        subcommands = {WalletCommand.Create.class, WalletCommand.Restore.class, WalletCommand.ListAccounts.class,
                WalletCommand.Accounts.class, WalletCommand.Balance.class, WalletTxCommands.Send.class,
                WalletTxCommands.SpeedUp.class, WalletTxCommands.Cancel.class, WalletTxCommands.SendAgain.class, WalletTxCommands.History.class,
                WalletKeyCommands.ImportKeystore.class, WalletKeyCommands.ExportKeystore.class,
                WalletKeyCommands.ImportKey.class, WalletKeyCommands.RevealPhrase.class})
public final class WalletCommand extends CommandGroup {
    /** Options every wallet subcommand shares. */
    static final class Common {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Mixin
        UnlockOptions unlock = new UnlockOptions();

        @Option(names = "--network", description = "Network descriptor (default: the local devnet's).")
        Path network;

        @Option(names = "--light-kdf", hidden = true, description = "Cheap scrypt, for tests only.")
        boolean lightKdf;

        private BufferedReader stdin;

        Path walletFile() {
            return unlock.walletFile();
        }

        KdfParams kdf() {
            return lightKdf ? KdfParams.light(1024) : KdfParams.STANDARD;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        char[] password(String prompt) {
            return unlock.password(() -> secret(prompt));
        }

        char[] secret(String prompt) {
            Console console = System.console();
            if (console != null) {
                char[] pw = console.readPassword("%s: ", prompt);
                if (pw == null) {
                    throw new IllegalArgumentException("no input: " + prompt.toLowerCase(Locale.ROOT) + " was not given");
                }
                return pw;
            }
            return line(prompt).toCharArray();
        }

        String line(String prompt) {
            Console console = System.console();
            if (console != null) {
                String s = console.readLine("%s: ", prompt);
                if (s == null) {
                    throw new IllegalArgumentException("no input: " + prompt.toLowerCase(Locale.ROOT) + " was not given");
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
                throw new IllegalArgumentException("cannot read standard input: " + FilePermissions.describe(e));
            }
        }

        WalletVault openVault() {
            Path file = walletFile();
            if (!WalletVault.exists(file)) {
                throw new IllegalArgumentException("no wallet at " + file + ": run `poq wallet create` or `poq wallet restore`");
            }
            return WalletVault.open(file, Clock.systemUTC(), Duration.ofMinutes(5));
        }

        /**
         * Unlocks the vault with the password (asked once), runs the work with a copy of it for a
         * step that asks again (signing, export, reveal; the work wipes it), and locks the vault after.
         */
        void unlocked(WalletVault vault, Consumer<char[]> work) {
            WalletSession.whileUnlocked(vault, password("Wallet password"), work);
        }

        Path descriptorFile() {
            return network != null ? network : AppPaths.fromEnvironment().devnet().resolve("network.json");
        }

        NetworkDescriptor descriptor() {
            Path file = descriptorFile();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no network descriptor at " + file
                        + ": start the devnet (`poq devnet start`) or pass --network");
            }
            NetworkDescriptor d;
            try {
                d = NetworkDescriptor.read(file);
            } catch (RuntimeException e) {
                // the parser's own text quotes internals (line/column of a token, Java types): say what the file is not
                throw new IllegalArgumentException("the network file " + file + " is not a valid network descriptor "
                        + "(malformed JSON, or the chain id, RPC URL or contract addresses are missing)");
            }
            for (String url : d.rpcUrls()) {
                if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("ws://") && !url.startsWith("wss://")) {
                    throw new IllegalArgumentException("the network file " + file + " gives the RPC address '" + url
                            + "': it must start with http:// or https://");
                }
            }
            return d;
        }

        /** An account by address, by label ("Account 2") or by number (2); the first without one. */
        String account(WalletVault vault, String which) {
            return WalletSession.account(vault, which);
        }
    }

    static char[] firstLine(Path file, String what) {
        char[] all = readAll(file, what);
        int end = 0;
        while (end < all.length && all[end] != '\n' && all[end] != '\r') {
            end++;
        }
        int start = all.length > 0 && all[0] == '\uFEFF' ? 1 : 0;
        char[] out = Arrays.copyOfRange(all, start, Math.max(start, end));
        Secrets.wipe(all);
        return out;
    }

    /** A whole file as chars (a phrase may be written over several lines); the caller wipes it. */
    static char[] readAll(Path file, String what) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            Arrays.fill(bytes, (byte) 0);
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + FilePermissions.describe(e));
        }
    }

    /** Asks for the new password (twice on a console) and checks its length before anything else happens. */
    static char[] newPassword(Common c) {
        char[] password = c.password("New wallet password (at least 8 characters)");
        if (password.length < 8) {
            Secrets.wipe(password);
            throw new IllegalArgumentException("the wallet password must have at least 8 characters; nothing was created");
        }
        if (c.unlock.passwordFile == null) {
            char[] again = c.secret("Repeat the password");
            boolean same = Arrays.equals(password, again);
            Secrets.wipe(again);
            if (!same) {
                Secrets.wipe(password);
                throw new IllegalArgumentException("the passwords differ; nothing was created");
            }
        }
        return password;
    }

    static char[] passphrase(Common c, boolean ask, Path file) {
        if (file != null) {
            return firstLine(file, "passphrase");
        }
        return ask ? c.secret("BIP-39 passphrase (the \"25th word\"; it is needed again to restore)") : new char[0];
    }

    static WalletVault createVault(Common c, SeedPhrase phrase, char[] passphrase, char[] password, int accounts) {
        WalletVault vault = WalletVault.create(c.walletFile(), phrase, passphrase, password, accounts, c.kdf(),
                Clock.systemUTC(), Duration.ofMinutes(5));
        return vault;
    }

    static void printAccounts(Common c, WalletVault vault) {
        for (Account a : vault.accounts()) {
            c.out().println(a.label() + "  " + a.address() + "  " + (a.kind() == Account.Kind.HD ? a.derivationPath() : "imported"));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a wallet with a new seed phrase.")
    static final class Create extends WalletSubcommand {
        @Option(names = "--words", defaultValue = "12", description = "Phrase length: 12 or 24 (default: ${DEFAULT-VALUE}).")
        int words;

        @Option(names = "--with-passphrase", description = "Also set a BIP-39 passphrase (asked for; needed again to restore).")
        boolean withPassphrase;

        @Option(names = "--passphrase-file", description = "Read the BIP-39 passphrase from this file (first line).")
        Path passphraseFile;

        @Override
        public Integer call() {
            if (WalletVault.exists(c.walletFile())) {
                throw new IllegalArgumentException("a wallet already exists at " + c.walletFile());
            }
            if (words != 12 && words != 24) {
                throw new IllegalArgumentException("--words must be 12 or 24, not " + words);
            }
            // the password is checked before the words are shown: a refusal after them would lose the phrase
            char[] password = newPassword(c);
            char[] passphrase = passphrase(c, withPassphrase, passphraseFile);
            try (SeedPhrase phrase = Mnemonics.generate(words, new SecureRandom())) {
                c.out().println("Your seed phrase. Write it down on paper, in order; it is the only way to restore the wallet:");
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
                    Secrets.wipe(password, passphrase);
                    throw new IllegalArgumentException(SeedConfirmation.mismatch(wrong) + "; no wallet was created, start again");
                }
                WalletVault vault = createVault(c, phrase, passphrase, password, 1);
                printAccounts(c, vault);
                vault.lock();
                c.out().println("wallet written to " + c.walletFile());
            }
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a wallet from its seed phrase; finds the accounts already used on the network.")
    static final class Restore extends WalletSubcommand {
        @Option(names = "--phrase-file", description = "Read the phrase from this file (one or several lines) instead of the console.")
        Path phraseFile;

        @Option(names = "--with-passphrase", description = "Also ask for the optional BIP-39 passphrase.")
        boolean withPassphrase;

        @Option(names = "--passphrase-file", description = "Read the BIP-39 passphrase from this file (first line).")
        Path passphraseFile;

        @Option(names = "--accounts", defaultValue = "1", description = "Derive at least this many accounts (default: ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--no-discover", description = "Do not look on the network for accounts the phrase already used.")
        boolean noDiscover;

        @Override
        public Integer call() {
            if (accounts < 1 || accounts > 100) {
                throw new IllegalArgumentException("--accounts must be in 1..100");
            }
            if (WalletVault.exists(c.walletFile())) {
                throw new IllegalArgumentException("a wallet already exists at " + c.walletFile() + "; move it away first");
            }
            char[] text = phraseFile != null ? readAll(phraseFile, "phrase") : c.secret("Seed phrase (words separated by spaces)");
            SeedPhrase phrase;
            try {
                phrase = Mnemonics.parse(text);
            } finally {
                Secrets.wipe(text);
            }
            try (phrase) {
                char[] passphrase = passphrase(c, withPassphrase, passphraseFile);
                char[] password = newPassword(c);
                WalletVault vault = createVault(c, phrase, passphrase, password, accounts);
                discover(vault);
                printAccounts(c, vault);
                vault.lock();
                c.out().println("wallet written to " + c.walletFile());
            }
            return 0;
        }

        private void discover(WalletVault vault) {
            if (noDiscover) {
                return;
            }
            if (!Files.isRegularFile(c.descriptorFile())) {
                c.out().println("no network to look for used accounts on; add more with `poq wallet accounts --add`");
                return;
            }
            try (PoqNetwork net = Networks.open(c.descriptor())) {
                int n = WalletSession.discoverAccounts(net, vault);
                c.out().println("looked for used accounts on " + net.descriptor().name() + ": " + n + " account(s)");
            } catch (RuntimeException e) {
                c.out().println("could not look for used accounts (" + Problems.describe(e) + "); add them with `poq wallet accounts --add`");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the wallet's accounts (no network needed).")
    static final class ListAccounts extends WalletSubcommand {
        @Override
        public Integer call() {
            printAccounts(c, c.openVault());
            return 0;
        }
    }

    @Command(name = "accounts", mixinStandardHelpOptions = true,
            description = "List the accounts with their balances, or add one (--add NAME).")
    static final class Accounts extends WalletSubcommand {
        @Option(names = "--add", paramLabel = "NAME", description = "Derive the next account under this name (asks for the password).")
        String add;

        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            if (add != null) {
                vault.unlock(c.password("Wallet password"));
                Account a = vault.addAccount(add);
                vault.lock();
                c.out().println("added " + a.label() + "  " + a.address() + "  " + a.derivationPath());
            }
            if (!Files.isRegularFile(c.descriptorFile())) {
                printAccounts(c, vault);
                return 0;
            }
            printBalances(c, vault);
            return 0;
        }
    }

    static void printBalances(Common c, WalletVault vault) {
        try (PoqNetwork net = Networks.open(c.descriptor()); Database db = Database.open(AppPaths.fromEnvironment().database())) {
            // the window's reading: every account at the newest block seen, never older than one read before it
            WalletSession wallet = new WalletSession(net, db, vault);
            String sym = wallet.nativeSymbol();
            int i = 1;
            for (WalletSession.AccountBalances ab : wallet.accountBalances()) {
                Account a = ab.account();
                Balances b = ab.balances();
                c.out().println(i++ + ". " + a.label() + "  " + a.address() + "  " + AmountFormat.of(b.nativeCoin(), sym) + "  "
                        + AmountFormat.of(b.poq(), AmountFormat.POQ) + "  (staked " + AmountFormat.number(b.staked(), AmountFormat.POQ)
                        + ", unbonding " + AmountFormat.number(b.unbonding(), AmountFormat.POQ) + ")");
            }
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true, description = "Show the balances of the accounts.")
    static final class Balance extends WalletSubcommand {
        @Override
        public Integer call() {
            printBalances(c, c.openVault());
            return 0;
        }
    }
}
