package org.poq.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.io.Console;
import java.nio.file.Path;
import java.time.Clock;
import org.poq.app.serve.KeySigner;
import org.poq.app.serve.Signer;
import org.poq.app.serve.VaultSigner;
import org.poq.core.AmountFormat;
import org.poq.wallet.keys.WalletVault;
import org.poq.app.serve.ServeConfig;
import org.poq.app.serve.Serving;
import org.poq.app.serve.SpendingLimits;
import org.poq.core.AppPaths;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `poq serve`: the OpenAI-compatible endpoint on 127.0.0.1, answering with PoQ rounds. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve an OpenAI-compatible API on 127.0.0.1: each chat completion is a PoQ task, answered by the best",
                "answers by consensus, with the round's evidence in a 'poq' object. Runs until Ctrl-C.",
                "-k, -m, --fee, --max-tokens and --evaluator apply unless a request's poq object or max_tokens says otherwise."})
public final class ServeCommand extends CliCommand {
    @Mixin
    ChainOptions chain = new ChainOptions();

    @Option(names = "--port", defaultValue = "" + ServeConfig.DEFAULT_PORT,
            description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--new-key", description = "Make a new API key (the old one stops working) and show it once.")
    boolean newKey;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let web pages from this origin (e.g. http://localhost:3000) call the API; off by default.")
    String corsOrigin;

    /** A request's own poq.k, poq.m, poq.fee and max_tokens take the place of these. */
    @Mixin
    RoundOptions round = new RoundOptions();

    @Option(names = "--max-fee-per-request", defaultValue = "20", description = "Spending limit per request in POQ (default ${DEFAULT-VALUE}).")
    String maxPerRequest;

    @Option(names = "--max-fee-per-day", defaultValue = "200", description = "Spending limit per UTC day in POQ (default ${DEFAULT-VALUE}).")
    String maxPerDay;

    @Option(names = "--from-wallet", paramLabel = "ADDRESS", arity = "0..1", fallbackValue = "",
            description = {"Pay from the app's wallet (its first account, or ADDRESS) instead of --key-file; asks for the password once.",
                    "Serving stops signing when the wallet locks (after --auto-lock without a wallet action)."})
    String fromWallet;

    /** With --from-wallet: which wallet, and where its password comes from. */
    @Mixin
    UnlockOptions unlock = new UnlockOptions();

    @Option(names = "--auto-lock", defaultValue = "PT15M", description = "With --from-wallet: the wallet's auto-lock, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration autoLock;

    @Option(names = "--round-timeout", defaultValue = "PT15M", description = "Longest wait for a round, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    /** Counted down when the server is up (tests wait on it), then the command blocks until stopped. */
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch stop = new CountDownLatch(1);
    volatile Serving serving;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        ServeConfig config = new ServeConfig(port, Optional.ofNullable(corsOrigin), round.k, round.m, round.fee(),
                round.maxTokens, round.evaluatorId(), roundTimeout);
        SpendingLimits limits = new SpendingLimits(TokenAmount.parse(maxPerRequest), TokenAmount.parse(maxPerDay));
        try (PoqNetwork net = chain.connect();
             Database db = Database.open(AppPaths.fromEnvironment().database())) {
            Signer signer = fromWallet != null ? walletSigner() : new KeySigner(chain.signer(1));
            serving = Serving.start(net, signer, db, config, limits, newKey, t -> { });
            try (Serving s = serving) {
                out.println("Serving the OpenAI-compatible API at " + s.baseUrl() + " (127.0.0.1 only)");
                out.println("Paying account " + signer.address() + (fromWallet != null ? " (the wallet; signing stops when it locks)" : "")
                        + "; limits " + AmountFormat.of(limits.perRequest(), AmountFormat.POQ)
                        + " per request, " + AmountFormat.of(limits.perDay(), AmountFormat.POQ) + " per day");
                if (s.shownOnceKey() != null) {
                    out.println("API key (shown once; only its hash is kept): " + s.shownOnceKey());
                } else {
                    out.println("API key: the one shown when it was made (poq serve --new-key makes a new one)");
                }
                out.println("CORS: " + config.corsOrigin().map(o -> "allowed for " + o).orElse("off") + ". Ctrl-C stops.");
                out.flush();
                // the hook itself stops serving: the JVM halts once its hooks return, so the 503s and the streams'
                // error events must be written before this one returns
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    s.close();
                    stop.countDown();
                }, "poq-serve-stop"));
                started.countDown();
                stop.await();
            }
        }
        return 0;
    }

    /** The app's wallet, unlocked with the password; the server holds the account's key until the wallet locks. */
    private Signer walletSigner() {
        Path file = unlock.walletFile();
        if (!WalletVault.exists(file)) {
            throw new IllegalArgumentException("there is no wallet at " + file + ": create one (poq wallet create) or pay with --key-file");
        }
        WalletVault vault = WalletVault.open(file, Clock.systemUTC(), autoLock);
        char[] password = unlock.password(ServeCommand::readPassword);
        vault.unlock(password.clone());
        String address = fromWallet.isBlank() ? vault.accounts().get(0).address() : fromWallet.strip();
        return VaultSigner.unlock(vault, address, password);
    }

    private static char[] readPassword() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask the wallet password on: pass --password-file FILE");
        }
        char[] pw = console.readPassword("Wallet password: ");
        if (pw == null || pw.length == 0) {
            throw new IllegalArgumentException("no password given");
        }
        return pw;
    }
}
