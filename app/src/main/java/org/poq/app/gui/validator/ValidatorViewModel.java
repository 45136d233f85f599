package org.poq.app.gui.validator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.shell.NodeControl;
import org.poq.app.gui.shell.Ui;
import org.poq.core.AmountFormat;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.events.Audit;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import java.util.HashMap;
import java.util.Map;
import org.poq.app.service.ValidatorAgreement;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.poq.core.TaskId;
import org.poq.network.TaskView;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationState;
import java.util.Collections;
import org.poq.app.service.QualityScores;

/**
 * The validator screen: the evaluator, start and stop, and the inspection of every task it scored:
 * each answer's consensus against this validator's score and the other validators', its deviation,
 * what it earned or lost, and its agreement with consensus over time.
 */
public final class ValidatorViewModel {
    /** One scored answer of one task, as the chain recorded it. */
    public record InspectionRow(String task, int answer, String consensus, String mine, String deviation, String others,
                                String outcome, String audit) {
    }

    private final AppContext ctx;
    private final NodeControl node;
    private final ReadOnlyStringWrapper evaluator = new ReadOnlyStringWrapper("");
    private final ReadOnlyListWrapper<InspectionRow> inspection = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Double> agreement = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final AuditModelViewModel auditModel;
    private volatile Sha256 evaluatorId;

    public ValidatorViewModel(AppContext ctx) {
        this.ctx = ctx;
        this.node = new NodeControl(ctx, NodeRole.VALIDATOR);
        this.auditModel = new AuditModelViewModel(ctx,
                () -> new ModelLibrary(ctx.db(), ctx.paths().models(), ModelDownloader.withDefaults()));
        node.onJobsChanged(this::inspect);
    }

    /** The app context, for the evaluators card that sits on the same screen. */
    AppContext context() {
        return ctx;
    }

    public CompletableFuture<Void> load() {
        CompletableFuture<Void> ev = ctx.background().run("evaluator", () -> ctx.settings().evaluatorId(), id -> {
            evaluatorId = id;
            evaluator.set(ctx.nodes().scorers().describe(id)
                    + "  (id " + id.hex().substring(0, 16) + "…)");
        }, node::reportError).<Void>thenApply(v -> null).exceptionally(e -> null);
        return CompletableFuture.allOf(ev, node.loadAccounts(), auditModel.load());
    }

    public CompletableFuture<Void> start() {
        Sha256 id = evaluatorId;
        if (id == null) {
            node.reportError("The evaluator is not loaded yet.");
            return CompletableFuture.completedFuture(null);
        }
        TokenAmount stake;
        try {
            stake = node.stakeAmount();
        } catch (IllegalArgumentException e) {
            node.reportError("Invalid stake: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        // the chooser's value is read here, on the UI thread; the setup (a settings write, a file check) runs with the start
        ModelRecord auditWith = auditModel.chosen();
        return node.start((n, c) -> auditModel.setup(auditWith)
                .map(audit -> ctx.nodes().startAuditingValidator(n, c, id, stake, audit, auditModel.onAudit()))
                .orElseGet(() -> ctx.nodes().startValidator(n, c, id, stake)), r -> { });
    }

    private record Inspected(List<InspectionRow> rows, List<Double> agreement) {
    }

    /** Reads the scores of the finished tasks from the chain (the journal says which ones). */
    public CompletableFuture<Void> inspect() {
        String me = node.nodeAccount();
        List<Participation> jobs = node.jobList();
        if (me == null) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run("inspect scores", () -> read(me, jobs), r -> {
            inspection.setAll(r.rows());
            agreement.setAll(r.agreement());
        }, node::reportError).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Three chain reads however many tasks: the oldest task's block, the height, and one log query. */
    private Inspected read(String me, List<Participation> jobs) {
        PoqNetwork n = ctx.connection().require();
        List<Participation> oldestFirst = new ArrayList<>(jobs.stream()
                .filter(p -> p.state() == ParticipationState.FINISHED).toList());
        Collections.reverse(oldestFirst);
        Map<TaskId, Participation> byTask = new HashMap<>();
        oldestFirst.forEach(p -> byTask.put(p.taskId(), p));
        List<InspectionRow> rows = new ArrayList<>();
        List<Double> agree = new ArrayList<>();
        for (TaskView v : ValidatorAgreement.finished(n, oldestFirst.stream().map(Participation::taskId).toList())) {
            String outcome = outcome(byTask.get(v.id()));
            List<InspectionRow> taskRows = new ArrayList<>();
            for (TaskView.Answer a : v.answers()) {
                Integer c = a.consensus();
                Integer my = ValidatorAgreement.score(a, me).orElse(null);
                StringBuilder o = new StringBuilder();
                a.scoresByValidator().forEach((validator, score) -> {
                    if (!validator.equalsIgnoreCase(me)) {
                        o.append(Ui.shortAddress(validator)).append(' ').append(score(score)).append("  ");
                    }
                });
                String dev = my != null && c != null ? score(Math.abs(my - c)) : "-";
                taskRows.add(new InspectionRow(v.id().toString(), a.index() + 1, c == null ? "not revealed" : score(c),
                        my == null ? "-" : score(my), dev, o.toString().strip(), taskRows.isEmpty() ? outcome : "",
                        audit(a, me)));
            }
            rows.addAll(0, taskRows); // newest task first, its answers in order
            ValidatorAgreement.of(v, me).ifPresent(agree::add);
        }
        return new Inspected(rows, agree);
    }

    private static String outcome(Participation p) {
        StringBuilder sb = new StringBuilder();
        if (p.rewardWei() != null && p.rewardWei().signum() > 0) {
            sb.append(AmountFormat.signed(TokenAmount.ofWei(p.rewardWei()), false, AmountFormat.POQ));
        }
        if (p.slashedWei() != null && p.slashedWei().signum() > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append("slashed ").append(AmountFormat.of(TokenAmount.ofWei(p.slashedWei()), AmountFormat.POQ))
                    .append(" (").append(p.penaltyReason()).append(')');
        }
        return sb.length() == 0 ? "no reward" : sb.toString();
    }

    /** This validator's audit of the answer and how the task decided it: "mine FAIL, 14 mismatches; decided FAIL". */
    static String audit(TaskView.Answer a, String me) {
        Audit mine = a.audit().byValidator().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(me))
                .map(Map.Entry::getValue).findFirst().orElse(Audit.ABSTAIN);
        String decided = switch (a.audit().outcome()) {
            case NONE_YET -> "-";
            case UNDECIDED -> "undecided";
            case PASS -> "PASS";
            case FAIL -> "FAIL" + (a.audit().minerSlashed() ? ", miner slashed" : "");
        };
        String own = mine.verdict() == Audit.Verdict.ABSTAIN ? "mine: abstained"
                : "mine: " + mine.verdict() + ", " + mine.mismatches() + " of " + a.audit().positions() + " positions differ";
        return own + "; decided " + decided;
    }

    static String score(int v) {
        return QualityScores.format(v);
    }

    public NodeControl node() { return node; }
    public AuditModelViewModel auditModel() { return auditModel; }
    public ReadOnlyStringProperty evaluatorProperty() { return evaluator.getReadOnlyProperty(); }
    public ReadOnlyListProperty<InspectionRow> inspection() { return inspection.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Double> agreement() { return agreement.getReadOnlyProperty(); }
}
