package org.poq.app.gui.ask;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.poq.app.gui.shell.Ui;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalDevnet;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskPhase;
import org.poq.network.TaskRequest;
import org.poq.network.events.TaskEvent;
import org.poq.network.events.TaskEventStream;

/**
 * Asking the network: the form with its checks (prompt size, k and m bounds, fee against the balance,
 * enough eligible nodes), then the live round: phase and deadline, answers as they are revealed with
 * every validator's score, ranked by consensus once finalized, and what was paid and refunded.
 */
public final class AskViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final AppContext ctx;
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty k = new SimpleStringProperty("3");
    private final StringProperty m = new SimpleStringProperty("3");
    private final StringProperty fee = new SimpleStringProperty("10");
    private final StringProperty maxTokens = new SimpleStringProperty("256");
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
    private final List<String> selectedMiners = new ArrayList<>();
    private TaskEventStream stream;

    public AskViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    /** What the form would submit, checked on the UI thread (no I/O): an error text or null. */
    private record Form(TaskRequest request, String error) {
    }

    private Form form(ProtocolParams params) {
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (text.isEmpty()) {
            return new Form(null, "Write a prompt first.");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (params != null && bytes > params.maxPromptBytes()) {
            return new Form(null, "The prompt is too long: " + bytes + " bytes, the network takes at most "
                    + params.maxPromptBytes() + ".");
        }
        int miners;
        int validators;
        int tokens;
        try {
            miners = Integer.parseInt(k.get().trim());
            validators = Integer.parseInt(m.get().trim());
            tokens = Integer.parseInt(maxTokens.get().trim());
        } catch (NumberFormatException e) {
            return new Form(null, "Miners, validators and max tokens must be whole numbers.");
        }
        if (miners < 1 || miners > 8) {
            return new Form(null, "Ask between 1 and 8 miners.");
        }
        if (validators < 1 || validators > 15) {
            return new Form(null, "Ask between 1 and 15 validators.");
        }
        if (tokens < 1 || (params != null && tokens > params.maxTokensLimit())) {
            return new Form(null, "Max tokens must be between 1 and " + (params == null ? "the network's limit" : params.maxTokensLimit()) + ".");
        }
        TokenAmount amount;
        try {
            amount = TokenAmount.parse(fee.get());
        } catch (IllegalArgumentException e) {
            return new Form(null, "Invalid fee: " + e.getMessage());
        }
        if (amount.isZero()) {
            return new Form(null, "The fee must be more than zero.");
        }
        return new Form(new TaskRequest(text, family(), evaluator(), miners, validators, tokens, amount), null);
    }

    private String family;
    private Sha256 evaluator;

    private String family() {
        return family;
    }

    private Sha256 evaluator() {
        return evaluator;
    }

    /** Reads the model family and evaluator to ask for from the settings. */
    public CompletableFuture<Void> load() {
        return ctx.background().run("ask settings", () -> new Object[]{ctx.settings().modelFamily(), ctx.settings().evaluatorId()},
                r -> {
                    family = (String) r[0];
                    evaluator = (Sha256) r[1];
                }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private String checkFunds(PoqNetwork n, String me, TaskRequest r) {
        TokenAmount balance = n.poqBalance(me);
        if (balance.compareTo(r.fee()) < 0) {
            return "Insufficient POQ: the fee is " + r.fee().toPlainString() + " POQ and the balance is "
                    + Ui.amount(balance) + " POQ.";
        }
        int miners = n.eligibleMiners(r.modelFamily(), me);
        int validators = n.eligibleValidators(r.evaluatorId().bytes(), me);
        String onDevnet = LocalDevnet.isLocal(n.descriptor())
                ? " On the local devnet, the Network screen starts demo nodes." : "";
        if (miners < r.k()) {
            return "Only " + miners + " miner(s) serve " + r.modelFamily() + "; ask for at most " + miners + "." + onDevnet;
        }
        if (validators < r.m()) {
            return "Only " + validators + " validator(s) run this evaluator; ask for at most " + validators + "." + onDevnet;
        }
        return null;
    }

    /** Checks the form and the balance and shows what the task will cost. */
    public CompletableFuture<Void> previewFee() {
        error.set("");
        PoqNetwork n = ctx.connection().current().orElse(null);
        Form f = form(n == null ? null : n.descriptor().params());
        if (f.error() != null) {
            error.set(f.error());
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("fee preview", () -> {
            PoqNetwork net = ctx.connection().require();
            String me = me();
            String problem = checkFunds(net, me, f.request());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return "Fee " + f.request().fee().toPlainString() + " POQ is escrowed (plus gas in ETH); unspent parts are refunded. "
                    + "Balance " + Ui.amount(net.poqBalance(me)) + " POQ.";
        }, preview::set, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private String me() {
        return ctx.wallet().require().accounts().get(0).address();
    }

    /** Signs the submission with the password and follows the task until it is finalized. */
    public CompletableFuture<Void> submit() {
        error.set("");
        PoqNetwork n0 = ctx.connection().current().orElse(null);
        Form f = form(n0 == null ? null : n0.descriptor().params());
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
        return ctx.background().run("submit task", () -> {
            PoqNetwork net = ctx.connection().require();
            String me = me();
            String problem = checkFunds(net, me, f.request());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            long from = net.blockNumber();
            TaskId id = ctx.wallet().require().withCredentials(me, pw, c -> net.session(c).submitTask(f.request()));
            return new Object[]{id, from};
        }, r -> {
            busy.set(false);
            TaskId id = (TaskId) r[0];
            reset(id);
            follow(id, (Long) r[1]);
        }, msg -> {
            busy.set(false);
            error.set(msg);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    private void reset(TaskId id) {
        task.set(id);
        answers.clear();
        payments.clear();
        selectedMiners.clear();
        outcome.set("");
        phase.set(TaskPhase.ANSWER_COMMIT);
        phaseText.set("Task " + id + " submitted");
    }

    private void follow(TaskId id, long fromBlock) {
        PoqNetwork net = ctx.connection().require();
        // the stream calls back on its own thread: hop to the UI executor before touching properties
        stream = net.follow(fromBlock, e -> {
            if (e.taskId().equals(id)) {
                ctx.background().ui().execute(() -> apply(e));
            }
        }, ex -> ctx.background().ui().execute(() -> error.set("Lost the task's events: " + ex.getMessage())));
    }

    void apply(TaskEvent e) {
        if (e instanceof TaskEvent.Submitted s) {
            selectedMiners.clear();
            selectedMiners.addAll(s.miners());
            setPhase(TaskPhase.ANSWER_COMMIT, s.deadline(), s.miners().size() + " miners and "
                    + s.validators().size() + " validators selected");
        } else if (e instanceof TaskEvent.PhaseChanged p) {
            setPhase(p.phase(), p.deadline(), null);
        } else if (e instanceof TaskEvent.AnswerCommitted a) {
            phaseText.set(describe(phase.get()) + " — " + Ui.shortAddress(a.miner()) + " committed");
        } else if (e instanceof TaskEvent.AnswerRevealed a) {
            answers.removeIf(r -> r.index() == a.index());
            answers.add(new AnswerRow(a.index(), a.miner(), a.answer(), java.util.Map.of(), -1, false, ""));
            sort();
        } else if (e instanceof TaskEvent.ScoresCommitted s) {
            phaseText.set(describe(phase.get()) + " — " + Ui.shortAddress(s.validator()) + " committed scores");
        } else if (e instanceof TaskEvent.ScoresRevealed s) {
            for (int i = 0; i < answers.size(); i++) {
                AnswerRow row = answers.get(i);
                if (row.index() < s.scores().size()) {
                    answers.set(i, row.withScore(s.validator(), s.scores().get(row.index())));
                }
            }
        } else if (e instanceof TaskEvent.Rewarded r) {
            payments.add("Reward " + r.amount().format(4) + " POQ to " + Ui.shortAddress(r.node()));
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).miner().equalsIgnoreCase(r.node())) {
                    answers.set(i, answers.get(i).withReward(r.amount().format(4) + " POQ"));
                }
            }
        } else if (e instanceof TaskEvent.Penalized p) {
            payments.add("Penalty " + p.slashed().format(4) + " POQ for " + Ui.shortAddress(p.node()) + ": "
                    + p.reason().description());
        } else if (e instanceof TaskEvent.Finalized fin) {
            for (int i = 0; i < answers.size(); i++) {
                AnswerRow row = answers.get(i);
                int c = row.index() < fin.consensus().size() ? fin.consensus().get(row.index()) : -1;
                answers.set(i, row.withConsensus(c, row.index() == fin.bestIndex()));
            }
            sort();
            setPhase(TaskPhase.FINALIZED, null, null);
            outcome.set("Miners earned " + fin.minerRewards().format(4) + " POQ, validators "
                    + fin.validatorRewards().format(4) + " POQ; refunded to you " + fin.refund().format(4) + " POQ.");
            // the stream stays open: rewards of the finalizing transaction may follow in the same batch
        }
    }

    private void sort() {
        List<AnswerRow> rows = new ArrayList<>(answers);
        rows.sort(Comparator.comparingInt(AnswerRow::consensus).reversed().thenComparingInt(AnswerRow::index));
        answers.setAll(rows);
    }

    private void setPhase(TaskPhase p, Instant deadline, String note) {
        phase.set(p);
        String text = describe(p);
        if (deadline != null && p != TaskPhase.FINALIZED && deadline.getEpochSecond() > 0) {
            text += " — deadline " + TIME.format(deadline);
        }
        if (note != null) {
            text += " — " + note;
        }
        phaseText.set(text);
    }

    static String describe(TaskPhase p) {
        if (p == null) {
            return "";
        }
        return switch (p) {
            case NONE -> "Not submitted";
            case ANSWER_COMMIT -> "Selected: miners are answering";
            case ANSWER_REVEAL -> "Answers committed: revealing";
            case SCORE_COMMIT -> "Answers revealed: validators are scoring";
            case SCORE_REVEAL -> "Scores committed: revealing";
            case FINALIZED -> "Finalized";
        };
    }

    public void closeStream() {
        if (stream != null) {
            stream.close();
            stream = null;
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
}
