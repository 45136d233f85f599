package org.poq.app.gui.serve;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.serve.ServeConfig;
import org.poq.app.serve.Serving;
import org.poq.app.serve.SpendingLimits;
import org.poq.app.serve.VaultSigner;
import org.poq.app.service.Problems;
import org.poq.app.service.WalletSigning;
import org.poq.core.TokenAmount;
import org.poq.core.db.SettingsStore;
import org.poq.network.PoqNetwork;
import org.poq.wallet.keys.WalletVault;

/**
 * The Settings screen's switch for the OpenAI-compatible endpoint: port, spending limits and an
 * allowed browser origin (kept in SQLite), the wallet password to let the server sign, and the key,
 * shown once. The same {@link Serving} as `poq serve`; the server signs with the wallet's first
 * account until the wallet locks.
 */
public final class ServeViewModel {
    private static final String PORT = "serve.port";
    private static final String PER_REQUEST = "serve.limit.request";
    private static final String PER_DAY = "serve.limit.day";
    private static final String CORS = "serve.cors.origin";

    private final AppContext ctx;
    private final StringProperty port = new SimpleStringProperty(Integer.toString(ServeConfig.DEFAULT_PORT));
    private final StringProperty perRequest = new SimpleStringProperty("20");
    private final StringProperty perDay = new SimpleStringProperty("200");
    private final StringProperty corsOrigin = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not serving.");
    private final ReadOnlyStringWrapper key = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private Serving serving;
    private VaultSigner signer;

    public ServeViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    private record Form(int port, SpendingLimits limits, Optional<String> cors) {
    }

    public CompletableFuture<Void> load() {
        return ctx.background().run("serve settings", () -> {
            SettingsStore s = new SettingsStore(ctx.db());
            return new String[]{s.get(PORT).orElse(port.get()), s.get(PER_REQUEST).orElse(perRequest.get()),
                    s.get(PER_DAY).orElse(perDay.get()), s.get(CORS).orElse("")};
        }, v -> {
            port.set(v[0]);
            perRequest.set(v[1]);
            perDay.set(v[2]);
            corsOrigin.set(v[3]);
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private Form form() {
        int p;
        try {
            p = Integer.parseInt(port.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port must be a whole number from 1024 to 65535.");
        }
        if (p < 1024 || p > 65_535) {
            throw new IllegalArgumentException("The port must be a whole number from 1024 to 65535.");
        }
        TokenAmount request;
        TokenAmount day;
        try {
            request = TokenAmount.parse(perRequest.get().trim());
            day = TokenAmount.parse(perDay.get().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Spending limits are amounts of POQ such as 20 or 2.5.");
        }
        String origin = corsOrigin.get().trim();
        if (!origin.isEmpty() && !origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
            throw new IllegalArgumentException("The browser origin is a scheme and host such as http://localhost:3000, or empty to keep browsers out.");
        }
        return new Form(p, new SpendingLimits(request, day), Optional.of(origin).filter(o -> !o.isEmpty()));
    }

    /** Starts serving: checks the form and the password, then opens the port; a first key is shown once. */
    public CompletableFuture<Void> start() {
        error.set("");
        Form f;
        try {
            f = form();
        } catch (IllegalArgumentException e) {
            error.set(Problems.describe(e));
            return CompletableFuture.completedFuture(null);
        }
        if (password.get().isEmpty()) {
            error.set("Enter the wallet password: the server signs each task with your wallet's first account.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = password.get().toCharArray();
        password.set("");
        return ctx.background().run("start serving", () -> {
            PoqNetwork net = ctx.connection().require();
            WalletVault vault = ctx.wallet().require();
            WalletSigning.unlockIfLocked(vault, pw);
            String address = vault.accounts().get(0).address();
            VaultSigner s = VaultSigner.unlock(vault, address, pw);
            SettingsStore store = new SettingsStore(ctx.db());
            store.put(PORT, Integer.toString(f.port()));
            store.put(PER_REQUEST, f.limits().perRequest().toPlainString());
            store.put(PER_DAY, f.limits().perDay().toPlainString());
            store.put(CORS, f.cors().orElse(""));
            ServeConfig base = ServeConfig.defaults(ctx.settings().evaluatorId());
            ServeConfig config = new ServeConfig(f.port(), f.cors(), base.k(), base.m(), base.fee(), base.maxTokens(), base.evaluator(),
                    base.roundTimeout());
            Serving started = Serving.start(net, s, ctx.db(), config, f.limits(), false, t -> { });
            vault.onLock(() -> ctx.background().ui().execute(() -> {
                key.set(""); // the key is a secret: it leaves the screen with the wallet's other secrets
                if (running.get()) {
                    status.set("The wallet locked: requests are refused until you switch serving off and on with the password.");
                }
            }));
            return new Object[]{started, s};
        }, r -> {
            serving = (Serving) r[0];
            signer = (VaultSigner) r[1];
            ctx.closeOnExit(serving);
            running.set(true);
            key.set(serving.shownOnceKey() == null ? "" : serving.shownOnceKey());
            status.set("Serving at " + serving.baseUrl() + " for " + signer.address() + "."
                    + (serving.shownOnceKey() == null ? " The API key is the one shown when it was made (New key makes another)." : ""));
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Closes the port and forgets the signing key. */
    public void stop() {
        if (serving != null) {
            serving.close();
            ctx.forget(serving);
            serving = null;
        }
        if (signer != null) {
            signer.forget();
            signer = null;
        }
        key.set("");
        running.set(false);
        status.set("Not serving.");
    }

    /** A new key for the running server, shown once; the old key stops working. */
    public CompletableFuture<Void> newKey() {
        error.set("");
        Serving s = serving;
        if (s == null) {
            error.set("Start serving first; the key is made then.");
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("new API key", s::renewKey, key::set, error::set)
                .<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public StringProperty portProperty() { return port; }
    public StringProperty perRequestProperty() { return perRequest; }
    public StringProperty perDayProperty() { return perDay; }
    public StringProperty corsOriginProperty() { return corsOrigin; }
    public StringProperty passwordProperty() { return password; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty keyProperty() { return key.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
}
