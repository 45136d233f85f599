package org.poq.app.serve;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.poq.app.service.RequesterSession;
import org.poq.core.db.Database;
import org.poq.core.db.SettingsStore;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.network.PoqNetwork;
import org.poq.network.chain.AccountQueue;
import org.poq.core.TokenAmount;

/**
 * Serving as both faces start it (`poq serve` and the Settings screen's switch): the key, the spending
 * ledger and the server over one connection and one paying account.
 */
public final class Serving implements AutoCloseable {
    private final OpenAiServer server;
    private final ApiKeys keys;
    private final String newKey;
    private final SpendLedger ledger;
    private final ModelTokens tokens;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Serving(OpenAiServer server, ApiKeys keys, String newKey, SpendLedger ledger, ModelTokens tokens) {
        this.server = server;
        this.keys = keys;
        this.newKey = newKey;
        this.ledger = ledger;
        this.tokens = tokens;
    }

    /** What the endpoint has spent or escrowed today (UTC), as its ledger counts it. */
    public TokenAmount spentToday() {
        return ledger.spentToday();
    }

    /**
     * Starts the endpoint. A key is made when there is none or {@code newKey} asks for one; it is
     * returned by {@link #shownOnceKey()} and nowhere kept but as a hash.
     */
    public static Serving start(PoqNetwork net, Signer signer, Database db, ServeConfig config, SpendingLimits limits,
                                boolean newKey, Consumer<Timings> timings) {
        // one signer queue per account for every process on this data folder (nonces, approvals)
        Path folder = db.file().toAbsolutePath().getParent();
        AccountQueue.shareIn(folder);
        // usage is counted with a miner's model where this node's library has the file (the data folder's models/)
        ModelTokens tokens = ModelTokens.of(new ModelLibrary(db, folder.resolve("models"), ModelDownloader.withDefaults()));
        return start(new SessionRounds(new RequesterSession(net), signer, limits.perDay()), signer, db, config, limits, newKey, tokens, timings);
    }

    public static Serving start(Rounds rounds, Signer signer, Database db, ServeConfig config, SpendingLimits limits,
                                boolean newKey, Consumer<Timings> timings) {
        return start(rounds, signer, db, config, limits, newKey, ModelTokens.none(), timings);
    }

    static Serving start(Rounds rounds, Signer signer, Database db, ServeConfig config, SpendingLimits limits,
                         boolean newKey, ModelTokens tokens, Consumer<Timings> timings) {
        SettingsStore store = new SettingsStore(db);
        ApiKeys keys = new ApiKeys(store);
        String made = newKey || !keys.exists() ? keys.create() : null;
        SpendLedger ledger = new SpendLedger(db, Clock.systemUTC(), limits);
        OpenAiServer server;
        try {
            server = OpenAiServer.start(config, rounds, signer, keys, ledger, tokens, timings);
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        return new Serving(server, keys, made, ledger, tokens);
    }

    /** The key made at this start, or null when the earlier one stays valid. */
    public String shownOnceKey() {
        return newKey;
    }

    /** A new key for the running server, shown once; the previous key stops working at once. */
    public String renewKey() {
        return keys.create();
    }

    public OpenAiServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
            ledger.close();
            tokens.close();
        }
    }
}
