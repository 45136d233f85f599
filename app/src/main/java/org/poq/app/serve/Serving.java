package org.poq.app.serve;

import java.time.Clock;
import java.util.function.Consumer;
import org.poq.app.service.RequesterSession;
import org.poq.core.db.Database;
import org.poq.core.db.SettingsStore;
import org.poq.network.PoqNetwork;

/**
 * Serving as both faces start it (`poq serve` and the Settings screen's switch): the key, the spending
 * ledger and the server over one connection and one paying account.
 */
public final class Serving implements AutoCloseable {
    private final OpenAiServer server;
    private final ApiKeys keys;
    private final String newKey;

    private Serving(OpenAiServer server, ApiKeys keys, String newKey) {
        this.server = server;
        this.keys = keys;
        this.newKey = newKey;
    }

    /**
     * Starts the endpoint. A key is made when there is none or {@code newKey} asks for one; it is
     * returned by {@link #shownOnceKey()} and nowhere kept but as a hash.
     */
    public static Serving start(PoqNetwork net, Signer signer, Database db, ServeConfig config, SpendingLimits limits,
                                boolean newKey, Consumer<Timings> timings) {
        return start(new SessionRounds(new RequesterSession(net), signer), signer, db, config, limits, newKey, timings);
    }

    public static Serving start(Rounds rounds, Signer signer, Database db, ServeConfig config, SpendingLimits limits,
                                boolean newKey, Consumer<Timings> timings) {
        SettingsStore store = new SettingsStore(db);
        ApiKeys keys = new ApiKeys(store);
        String made = newKey || !keys.exists() ? keys.create() : null;
        OpenAiServer server = OpenAiServer.start(config, rounds, signer, keys,
                new SpendLedger(store, Clock.systemUTC(), limits), timings);
        return new Serving(server, keys, made);
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
        server.close();
    }
}
