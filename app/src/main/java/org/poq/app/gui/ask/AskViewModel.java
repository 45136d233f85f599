package org.poq.app.gui.ask;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.QualityFloor;
import org.poq.app.service.AskDefaults;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.TaskListener;
import org.poq.app.service.TaskProgress;
import org.poq.app.service.WalletSigning;
import org.poq.core.AmountFormat;
import org.poq.core.TaskId;
import org.poq.app.gui.shell.Ui;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.AnswerAudit;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.wallet.history.AddressBook;
import org.poq.wallet.history.KnownNames;

/**
 * The Ask screen's state: the form, parsed here, and the live round as {@link RequesterSession} reports
 * it (checks, preview, submission, following and advancing are the session's): phase and deadline,
 * answers as they are revealed with every validator's score, ranked by consensus once finalized, and
 * what was paid and refunded. It only renders snapshots.
 */
public final class AskViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final AppContext ctx;
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty k = new SimpleStringProperty(Integer.toString(AskDefaults.MINERS));
    private final StringProperty m = new SimpleStringProperty(Integer.toString(AskDefaults.VALIDATORS));
    private final StringProperty fee = new SimpleStringProperty(Integer.toString(AskDefaults.FEE_POQ));
    private final StringProperty maxTokens = new SimpleStringProperty(Integer.toString(AskDefaults.MAX_TOKENS));
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<TaskId> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TaskPhase> phase = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper phaseText = new ReadOnlyStringWrapper("");
    private final ReadOnlyListWrapper<AnswerRow> answers = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<String> payments = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper belowFloor = new ReadOnlyStringWrapper("");
    private volatile FollowedTask following;
    /** Who an address is, read off the UI thread at submit: the user's accounts and nodes, the contracts, the contacts. */
    private volatile Function<String, String> names = a -> a;

    public AskViewModel(AppContext ctx) {
        this.ctx = ctx;
        // a preview or a refusal is about the form as it was: an edit makes it stale, so it goes
        // ("Fee 10 POQ... 3 miners" stayed beside new errors and after an ask with other k, m and fee)
        InvalidationListener stale = o -> {
            preview.set("");
            error.set("");
        };
        for (StringProperty p : List.of(prompt, k, m, fee, maxTokens)) {
            p.addListener(stale);
        }
    }

    /** What the form would submit, parsed on the UI thread (no I/O): an error text or null. */
    private record Form(TaskRequest request, String error) {
    }

    private Form form() {
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (text.isEmpty()) {
            return new Form(null, "Write a prompt first.");
        }
        Integer miners = whole(k.get());
        if (miners == null) {
            return new Form(null, "Miners (k) must be a whole number from 1 to " + RequesterSession.MAX_MINERS + ".");
        }
        Integer validators = whole(m.get());
        if (validators == null) {
            return new Form(null, "Validators (m) must be a whole number from " + RequesterSession.MIN_VALIDATORS + " to "
                    + RequesterSession.MAX_VALIDATORS + ".");
        }
        Integer tokens = whole(maxTokens.get());
        if (tokens == null) {
            return new Form(null, "Max tokens must be a whole number from 1 up to the network's limit.");
        }
        TokenAmount amount;
        try {
            amount = TokenAmount.parse(fee.get());
        } catch (IllegalArgumentException e) {
            return new Form(null, "Invalid fee: " + e.getMessage());
        }
        if (family == null || evaluator == null) {
            return new Form(null, "The settings are not loaded yet.");
        }
        return new Form(new TaskRequest(text, family, evaluator, miners, validators, tokens, amount), null);
    }

    private static Integer whole(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private volatile String family;
    private volatile Sha256 evaluator;

    /** Reads the model family and evaluator to ask for from the settings. */
    public CompletableFuture<Void> load() {
        return ctx.background().run("ask settings", () -> new Object[]{ctx.settings().modelFamily(), ctx.settings().evaluatorId()},
                r -> {
                    family = (String) r[0];
                    evaluator = (Sha256) r[1];
                }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Checks the form, the balance, the eligible nodes and their liveness, and shows what the task will cost. */
    public CompletableFuture<Void> previewFee() {
        error.set("");
        Form f = form();
        if (f.error() != null) {
            error.set(f.error());
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("fee preview", () -> ctx.requester().preview(me(), f.request()).describe(), text -> {
            if (f.request().equals(form().request())) { // the form was edited meanwhile: this answer is about the old one
                preview.set(text);
            }
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private String me() {
        return ctx.wallet().require().accounts().get(0).address();
    }

    /** Signs the submission with the password and follows the task until it is finalized. */
    public CompletableFuture<Void> submit() {
        error.set("");
        preview.set(""); // a preview is for a task not yet asked
        Form f = form();
        if (f.error() != null) {
            error.set(f.error());
            return CompletableFuture.completedFuture(null);
        }
        if (password.get().isEmpty()) {
            error.set("Enter the wallet password to sign the task.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = password.get().toCharArray();
        password.set("");
        busy.set(true);
        closeStream();
        TaskListener listener = new TaskListener() {
            @Override
            public void update(TaskView v) {
                ctx.background().ui().execute(() -> render(v));
            }

            @Override
            public void problem(String message) {
                ctx.background().ui().execute(() -> error.set(message));
            }

            @Override
            public void advanced(TaskView before) {
                ctx.background().ui().execute(() -> note.set("Moved on past the deadline: "
                        + absent(before) + " did not act in time."));
            }
        };
        return ctx.background().run("submit task", () -> {
            RequesterSession session = ctx.requester();
            String me = me();
            names = KnownNames.of(ctx.wallet().require().accounts(),
                    ctx.connection().current().map(n -> n.descriptor().contracts()).orElse(null), new AddressBook(ctx.db()));
            // a locked wallet is unlocked by the password typed here: the user types it once
            return WalletSigning.withCredentials(ctx.wallet().require(), me, pw, c -> session.submit(c, f.request(), listener));
        }, followed -> {
            busy.set(false);
            followed(followed);
        }, msg -> {
            busy.set(false);
            error.set(msg);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private void followed(FollowedTask t) {
        following = t;
        task.set(t.id());
        answers.clear();
        payments.clear();
        outcome.set("");
        note.set("");
        belowFloor.set("");
        phase.set(TaskPhase.ANSWER_COMMIT);
        phaseText.set("Task " + t.id() + " submitted");
        TaskView v = t.latest();
        if (v != null) {
            render(v);
        }
    }

    /** Who had not acted when the deadline passed, in words. */
    static String absent(TaskView v) {
        return v.progress().missing();
    }

    /** Shows one snapshot: the phase with its deadline, the answers ranked, what was paid. */
    void render(TaskView v) {
        if (!v.id().equals(task.get())) {
            return;
        }
        phase.set(v.phase());
        String text = describe(v.phase());
        if (v.deadline() != null && !v.finalized() && v.deadline().getEpochSecond() > 0) {
            text += " — deadline " + TIME.format(v.deadline());
        }
        // a finalized task's line repeats the phase ("Finalized — finalized"); its outcome has a label of its own
        String progress = v.finalized() ? "" : TaskProgress.line(v);
        if (!progress.isEmpty()) {
            text += " — " + progress;
        }
        phaseText.set(text);
        int floor = QualityFloor.of(ctx.connection().current().map(n -> n.descriptor()).orElse(null));
        List<TaskView.Answer> reached = QualityFloor.reached(v, floor);
        // "best" only for an answer the network counts as a result: at or above the quality floor
        Integer bestIndex = v.finalized() && !reached.isEmpty() ? reached.get(0).index() : null;
        List<AnswerRow> rows = new ArrayList<>();
        for (TaskView.Answer a : v.ranked()) {
            rows.add(new AnswerRow(a.index(), a.miner(), a.text(), a.scoresByValidator(),
                    a.consensus() == null ? -1 : a.consensus(), bestIndex != null && bestIndex == a.index(),
                    a.reward().isZero() ? "" : AmountFormat.of(a.reward(), AmountFormat.POQ),
                    a.audit().outcome() == AnswerAudit.Outcome.NONE_YET ? "" : a.audit().describe()));
        }
        answers.setAll(rows);
        List<String> paid = new ArrayList<>();
        v.rewards().forEach((node, amount) -> paid.add("Reward " + AmountFormat.of(amount, AmountFormat.POQ) + " to " + who(node)));
        v.penalties().forEach((node, reason) -> paid.add("Penalty " + AmountFormat.of(v.slashed().getOrDefault(node, TokenAmount.ZERO), AmountFormat.POQ)
                + " for " + who(node) + ": " + reason.description()));
        payments.setAll(paid);
        if (v.finalized() && v.expired()) {
            belowFloor.set("");
            outcome.set("The task " + TaskProgress.finalLine(v) + ".");
        } else if (v.finalized()) {
            belowFloor.set(!v.ranked().isEmpty() && reached.isEmpty() ? QualityFloor.belowFloor(v, floor)
                    + ": none of these answers is a result. Ask again with more miners (k) or another model family." : "");
            outcome.set("Miners earned " + AmountFormat.of(v.rewardsOf(v.miners()), AmountFormat.POQ) + ", validators "
                    + AmountFormat.of(v.rewardsOf(v.validators()), AmountFormat.POQ) + "; refunded to you "
                    + AmountFormat.of(v.refund(), AmountFormat.POQ) + ".");
        }
    }

    /** A node by the name the user knows it by ("Savings" for their own miner), else its short address. */
    private String who(String address) {
        String n = names.apply(address);
        return n.startsWith("0x") ? Ui.shortAddress(n) : n;
    }

    static String describe(TaskPhase p) {
        if (p == null) {
            return "";
        }
        return switch (p) {
            case NONE -> "Not submitted";
            case DRAWING -> "Submitted: drawing miners and validators";
            case ANSWER_COMMIT -> "Selected: miners are answering";
            case ANSWER_REVEAL -> "Answers committed: revealing";
            case SCORE_COMMIT -> "Answers revealed: validators are scoring";
            case SCORE_REVEAL -> "Scores committed: revealing";
            case FINALIZED -> "Finalized";
        };
    }

    /** Stops following (the task goes on on chain) and forgets the requester's key. */
    public void closeStream() {
        FollowedTask t = following;
        following = null;
        if (t != null) {
            t.close();
        }
    }

    public StringProperty promptProperty() { return prompt; }
    public StringProperty kProperty() { return k; }
    public StringProperty mProperty() { return m; }
    public StringProperty feeProperty() { return fee; }
    public StringProperty maxTokensProperty() { return maxTokens; }
    public StringProperty passwordProperty() { return password; }
    public ReadOnlyStringProperty previewProperty() { return preview.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TaskId> taskProperty() { return task.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TaskPhase> phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyStringProperty phaseTextProperty() { return phaseText.getReadOnlyProperty(); }
    public ReadOnlyListProperty<AnswerRow> answers() { return answers.getReadOnlyProperty(); }
    public ReadOnlyListProperty<String> payments() { return payments.getReadOnlyProperty(); }
    public ReadOnlyStringProperty outcomeProperty() { return outcome.getReadOnlyProperty(); }
    /** Said in words when a finalized round's answers are all below the network's quality floor; else empty. */
    public ReadOnlyStringProperty belowFloorProperty() { return belowFloor.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
}
