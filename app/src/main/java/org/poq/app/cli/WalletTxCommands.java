package org.poq.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.poq.app.service.Networks;
import org.poq.core.AmountFormat;
import org.poq.core.AppPaths;
import org.poq.core.db.Database;
import org.poq.app.service.WalletSession;
import org.poq.network.PoqNetwork;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.CsvExport;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.TransferQuote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `poq wallet send | speed-up | cancel | send-again | history`: the wallet's transactions. */
final class WalletTxCommands {
    // long enough for a block on a real chain's fast path; a slower one leaves it pending, not lost
    static final Duration SETTLE_WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private WalletTxCommands() {
    }

    /** The network and the database a command opens, with the application layer's wallet session over them; closed together. */
    private record Opened(PoqNetwork net, Database db, WalletSession wallet) implements AutoCloseable {
        static Opened open(WalletCommand.Common c, WalletVault vault) {
            PoqNetwork net = Networks.open(c.descriptor());
            Database db = Database.open(AppPaths.fromEnvironment().database());
            return new Opened(net, db, new WalletSession(net, db, vault));
        }

        @Override
        public void close() {
            db.close();
            net.close();
        }
    }

    /** The part of a signing command that runs while the wallet is unlocked; returns the exit code. */
    @FunctionalInterface
    private interface Unlocked {
        int run(char[] password);
    }

    /**
     * The one shape of every signing command: the vault, the network and the database opened; {@code prepare}
     * checks the input and reads what it needs before any password is asked; then the wallet is unlocked with
     * the password (asked once) for the step it returns, and locked after it, whether the step finished, was
     * declined or failed. The step gets the password for its signature; it is wiped after.
     */
    private static int signing(WalletCommand.Common c, Function<WalletSession, Unlocked> prepare) {
        WalletVault vault = c.openVault();
        try (Opened o = Opened.open(c, vault)) {
            WalletSession s = o.wallet();
            Unlocked step = prepare.apply(s);
            int[] code = {1};
            c.unlocked(vault, pw -> code[0] = step.run(pw));
            return code[0];
        } finally {
            vault.lock();
        }
    }

    private static int cancelled(WalletCommand.Common c) {
        c.out().println("cancelled; nothing was sent");
        return 1;
    }

    /** The line of a transaction just signed, then how it settled within {@link #SETTLE_WAIT}. */
    private static void report(WalletCommand.Common c, WalletSession s, String verb, PendingTransaction tx, String detail) {
        c.out().println(verb + ": " + tx.hash() + " (nonce " + tx.nonce() + ", #" + tx.id() + detail + ")");
        c.out().println(outcome(s.awaitSettled(tx, SETTLE_WAIT)));
    }

    static String outcome(PendingTransaction tx) {
        return tx.status().isOpen()
                ? "pending: not in a block after " + SETTLE_WAIT.toSeconds() + " s; `poq wallet history` shows it once it is"
                : tx.status().name().toLowerCase(Locale.ROOT) + (tx.error() != null ? ": " + tx.error() : "");
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send the native coin or POQ; shows the fee and any warning about the recipient, then asks for the password.")
    static final class Send extends WalletSubcommand {
        @Option(names = "--from", description = "Sending account: number, name or address (default: the first).")
        String from;

        @Option(names = "--asset", defaultValue = "POQ", description = "POQ, or the network's native coin (ETH on the devnet) (default: ${DEFAULT-VALUE}).")
        String asset;

        @Option(names = "--yes", description = "Do not ask for confirmation of the summary.")
        boolean yes;

        @Option(names = "--accept-warnings", description = "Send even if the recipient is the zero address or a contract (needed with --yes).")
        boolean acceptWarnings;

        @Parameters(index = "0", description = "Recipient address, or a name from the address book.")
        String to;

        @Parameters(index = "1", description = "Amount, e.g. 12.5 or 1,000")
        String amount;

        @Override
        public Integer call() {
            return signing(c, s -> {
                // the input is checked before the password is asked
                Asset what = s.asset(asset);
                String recipient = s.recipient(to);
                String sender = s.account(from);
                return pw -> {
                    TransferQuote q = s.quote(sender, recipient, what, amount);
                    c.out().println(s.summary(q));
                    List<String> warnings = s.warnings(q);
                    for (String w : warnings) {
                        c.out().println("WARNING: " + w);
                    }
                    if (!warnings.isEmpty() && !acceptWarnings) {
                        if (yes) {
                            throw new IllegalArgumentException("the recipient needs a confirmation (see the warning); nothing was sent. "
                                    + "Add --accept-warnings to send anyway");
                        }
                        if (!c.line("Type SEND ANYWAY to send despite the warning").strip().equals("SEND ANYWAY")) {
                            return cancelled(c);
                        }
                    }
                    if (!yes && !c.line("Send? [y/N]").trim().equalsIgnoreCase("y")) {
                        return cancelled(c);
                    }
                    // on a terminal the summary is confirmed by typing the password again, as the window's Confirm does
                    char[] signWith = c.unlock.passwordFile != null ? pw.clone() : c.secret("Password to sign");
                    report(c, s, "sent", s.send(q, signWith), "");
                    return 0;
                };
            });
        }
    }

    /** Speed-up and cancel: the same steps on a pending transaction, by its number in `poq wallet history`. */
    abstract static class Replace extends WalletSubcommand {
        /** What replaces pending transaction {@code id}, signed with the password. */
        @FunctionalInterface
        interface Step {
            PendingTransaction replace(WalletSession s, long id, char[] password);
        }

        @Parameters(index = "0", paramLabel = "ID", description = "The pending transaction's number (#N in `poq wallet history`).")
        long id;

        private final String verb;
        private final Step step;

        Replace(String verb, Step step) {
            this.verb = verb;
            this.step = step;
        }

        @Override
        public Integer call() {
            return signing(c, s -> {
                s.refreshPending();
                return pw -> {
                    PendingTransaction tx = step.replace(s, id, pw);
                    report(c, s, verb, tx, ", max fee " + tx.maxFeePerGas() + " wei/gas");
                    return 0;
                };
            });
        }
    }

    @Command(name = "speed-up", mixinStandardHelpOptions = true,
            description = "Re-send a pending transaction with a higher fee (same nonce).")
    static final class SpeedUp extends Replace {
        SpeedUp() {
            super("sped up", WalletSession::speedUp);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a pending transaction: a zero-value transfer to yourself takes its nonce.")
    static final class Cancel extends Replace {
        Cancel() {
            super("cancel sent", WalletSession::cancel);
        }
    }

    @Command(name = "send-again", mixinStandardHelpOptions = true,
            description = "Send a dropped transfer again (its block was dropped, the node forgot it, or the chain was reset): "
                    + "shows the new fee, then asks for the password.")
    static final class SendAgain extends WalletSubcommand {
        @Option(names = "--yes", description = "Do not ask for confirmation of the summary.")
        boolean yes;

        @Parameters(index = "0", paramLabel = "ID", description = "The dropped transaction's number (#N in `poq wallet history`).")
        long id;

        @Override
        public Integer call() {
            return signing(c, s -> {
                s.refreshPending();
                return pw -> {
                    TransferQuote q = s.quoteAgain(id);
                    c.out().println(s.summary(q));
                    if (!yes && !c.line("Send again? [y/N]").trim().equalsIgnoreCase("y")) {
                        return cancelled(c);
                    }
                    report(c, s, "sent again", s.sendAgain(id, pw), "");
                    return 0;
                };
            });
        }
    }

    @Command(name = "history", aliases = "activity", mixinStandardHelpOptions = true,
            description = "Show an account's activity (pending, confirmed, failed, replaced, cancelled), or export it as CSV.")
    static final class History extends WalletSubcommand {
        @Option(names = "--account", description = "Account: number, name or address (default: the first).")
        String account;

        @Option(names = "--csv", description = "Write the chain history as CSV to this file.")
        Path csv;

        @Override
        public Integer call() throws IOException {
            WalletVault vault = c.openVault();
            String who = WalletSession.account(vault, account);
            try (Opened o = Opened.open(c, vault)) {
                WalletSession s = o.wallet();
                s.refreshPending();
                List<HistoryEntry> entries = s.history(who);
                if (csv != null) {
                    try (var w = Files.newBufferedWriter(csv)) {
                        CsvExport.write(entries, s.names(), w);
                    }
                    c.out().println(entries.size() + " entries written to " + csv);
                    return 0;
                }
                List<Activity.Item> items = s.activity(who, entries);
                if (items.isEmpty()) {
                    c.out().println("no activity yet");
                }
                for (Activity.Item i : items) {
                    c.out().println(line(i, s.nativeSymbol()));
                }
            }
            return 0;
        }
    }

    static String line(Activity.Item i, String sym) {
        String amount = i.amount() == null ? "" : AmountFormat.signed(i.amount(), i.direction() == HistoryEntry.Direction.OUT,
                i.asset() == Asset.POQ ? AmountFormat.POQ : sym);
        return TIME.format(i.time()) + "  " + String.format("%-9s", i.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                + "  " + String.format("%-12s", i.what()) + "  " + amount
                + (i.counterpartyName().isEmpty() ? "" : "  " + i.counterpartyName())
                + (i.nonce() == null ? "" : "  nonce " + i.nonce())
                + "  " + i.hash()
                + (i.txId() == null ? "" : "  #" + i.txId() + (i.canSendAgain() ? " (send-again)" : " (speed-up/cancel)"))
                + "  " + i.detail();
    }
}
