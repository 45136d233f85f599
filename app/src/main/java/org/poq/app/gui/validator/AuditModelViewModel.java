package org.poq.app.gui.validator;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.TaskAuditor;
import org.poq.core.Sha256;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;

/**
 * The Validator screen's audit model (docs/decisions/0043): a GGUF of the model library, for the family
 * the settings name, on which the validator replays every answer of that family's tasks; or none, and the
 * validator abstains from audits. The choice is kept in the settings; starting goes through
 * {@link org.poq.app.service.NodeLauncher#startAuditingValidator}, as {@code poq node --audit-model} does.
 */
public final class AuditModelViewModel {
    /** One line of the chooser: a library model, or {@link #NONE}. */
    public record Choice(ModelRecord model) {
        public static final Choice NONE = new Choice(null);

        @Override
        public String toString() {
            return model == null ? "No audits (this validator abstains)" : model.name() + " · " + model.quantization()
                    + " · " + model.architecture();
        }
    }

    /** Threads of the audit engine: as {@code poq node}'s --threads default, so both faces replay alike. */
    static final int THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final AppContext ctx;
    private final Supplier<ModelLibrary> library;
    private final ReadOnlyListWrapper<Choice> choices = new ReadOnlyListWrapper<>(FXCollections.observableArrayList(Choice.NONE));
    private final ObjectProperty<Choice> choice = new SimpleObjectProperty<>(Choice.NONE);
    private final ReadOnlyStringWrapper family = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastAudit = new ReadOnlyStringWrapper("");

    AuditModelViewModel(AppContext ctx, Supplier<ModelLibrary> library) {
        this.ctx = ctx;
        this.library = library;
    }

    /** Reads the library and the saved choice (off the UI thread: both are SQLite reads). */
    CompletableFuture<Void> load() {
        record Loaded(List<ModelRecord> models, Optional<Sha256> saved, String family) {
        }
        return ctx.background().run("audit models", () -> new Loaded(library.get().list(), ctx.settings().auditModelId(),
                ctx.settings().modelFamily()), l -> {
            List<Choice> all = new ArrayList<>();
            all.add(Choice.NONE);
            l.models().forEach(m -> all.add(new Choice(m)));
            choices.setAll(all);
            choice.set(all.stream().filter(c -> c.model() != null && l.saved().filter(c.model().id()::equals).isPresent())
                    .findFirst().orElse(Choice.NONE));
            family.set(l.family());
        }, e -> lastAudit.set("Cannot read the model library: " + e)).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** The library model chosen to audit with, or null for none; read on the UI thread, as the chooser sets it. */
    ModelRecord chosen() {
        return choice.get() == null ? null : choice.get().model();
    }

    /**
     * The audit model {@code m} (from {@link #chosen()}) sets up, or empty for none; remembers the choice. Called
     * off the UI thread when the validator starts. A model whose file is gone is refused in words, before
     * anything registers.
     */
    Optional<TaskAuditor.Setup> setup(ModelRecord m) {
        ctx.settings().auditModelId(m == null ? null : m.id());
        if (m == null) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(m.path())) {
            throw new IllegalArgumentException("The audit model " + m.name() + " is no longer at " + m.path()
                    + ": import it again, or choose another audit model or none.");
        }
        return Optional.of(new TaskAuditor.Setup(ctx.settings().modelFamily(), m.path(), EngineConfig.defaults(), THREADS));
    }

    /** Shows each replay as it finishes: the task, the answer and the verdict with its mismatches. */
    Consumer<TaskAuditor.Done> onAudit() {
        return d -> ctx.background().ui().execute(() -> lastAudit.set("Last audit: task " + d.taskId() + ", answer "
                + (d.answer() + 1) + ": " + d.result().describe()));
    }

    public ReadOnlyListProperty<Choice> choices() { return choices.getReadOnlyProperty(); }
    public ObjectProperty<Choice> choiceProperty() { return choice; }
    /** The family whose tasks are audited (the Settings screen's model family). */
    public ReadOnlyStringProperty familyProperty() { return family.getReadOnlyProperty(); }
    public ReadOnlyStringProperty lastAuditProperty() { return lastAudit.getReadOnlyProperty(); }
}
