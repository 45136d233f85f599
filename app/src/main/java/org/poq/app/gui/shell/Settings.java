package org.poq.app.gui.shell;

import org.poq.app.service.NetworkChoice;
import java.util.Optional;
import org.poq.core.Sha256;
import org.poq.core.db.SettingsStore;
import org.poq.evaluator.DefaultEvaluator;

/**
 * The GUI's typed view of the SQLite settings table. Reads and writes hit the database, so call them
 * from background work (the first-run and settings view models do).
 */
public final class Settings {
    public static final String DEFAULT_FAMILY = "llama-3-8b-instruct";
    private static final String THEME = "gui.theme";
    private static final String NETWORK_KIND = "gui.network.kind";
    private static final String NETWORK_VALUE = "gui.network.value";
    private static final String MODEL_FAMILY = "gui.model.family";
    private static final String MODEL_ID = "gui.model.id";
    private static final String EVALUATOR_ID = "gui.evaluator.id";
    private static final String AUDIT_MODEL_ID = "gui.validator.audit.model";
    private static final String AUTO_LOCK = "gui.wallet.autolock.minutes";
    private static final String SETUP_DONE = "gui.setup.done";

    private final SettingsStore store;

    public Settings(SettingsStore store) {
        this.store = store;
    }

    public Theme theme() {
        return store.get(THEME).map(Theme::valueOf).orElse(Theme.LIGHT);
    }

    public void theme(Theme theme) {
        store.put(THEME, theme.name());
    }

    public NetworkChoice network() {
        return new NetworkChoice(store.get(NETWORK_KIND).map(NetworkChoice.Kind::valueOf).orElse(NetworkChoice.Kind.LOCAL_DEVNET),
                store.get(NETWORK_VALUE).orElse(""));
    }

    public void network(NetworkChoice choice) {
        store.put(NETWORK_KIND, choice.kind().name());
        store.put(NETWORK_VALUE, choice.value());
    }

    public String modelFamily() {
        return store.get(MODEL_FAMILY).orElse(DEFAULT_FAMILY);
    }

    public void modelFamily(String family) {
        store.put(MODEL_FAMILY, family);
    }

    public Optional<Sha256> modelId() {
        return store.get(MODEL_ID).filter(s -> !s.isBlank()).map(Sha256::parse);
    }

    public void modelId(Sha256 id) {
        store.put(MODEL_ID, id == null ? "" : id.hex());
    }

    public Sha256 evaluatorId() {
        return store.get(EVALUATOR_ID).map(Sha256::parse).orElseGet(DefaultEvaluator::id);
    }

    public void evaluatorId(Sha256 id) {
        store.put(EVALUATOR_ID, id.hex());
    }

    /** The library model the Validator screen audits with (decision 0043); empty: it abstains from audits. */
    public Optional<Sha256> auditModelId() {
        return store.get(AUDIT_MODEL_ID).filter(s -> !s.isBlank()).map(Sha256::parse);
    }

    public void auditModelId(Sha256 id) {
        store.put(AUDIT_MODEL_ID, id == null ? "" : id.hex());
    }

    public int autoLockMinutes() {
        return store.get(AUTO_LOCK).map(Integer::parseInt).orElse(15);
    }

    public void autoLockMinutes(int minutes) {
        store.put(AUTO_LOCK, Integer.toString(minutes));
    }

    public boolean setupDone() {
        return store.get(SETUP_DONE).map(Boolean::parseBoolean).orElse(false);
    }

    public void setupDone(boolean done) {
        store.put(SETUP_DONE, Boolean.toString(done));
    }
}
