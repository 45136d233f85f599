package org.poq.app.gui.ask;

import java.util.List;
import java.util.stream.Collectors;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.poq.app.gui.shell.Copying;
import org.poq.app.gui.shell.Ui;
import org.poq.network.events.TaskPhase;
import org.poq.app.gui.shell.Page;

/** The prompt form, then the round as it happens: phase, answers ranked by consensus, payments. */
public final class AskView extends Page {
    public AskView(AskViewModel vm) {
        TextArea prompt = new TextArea();
        prompt.setId("prompt");
        prompt.setPromptText("Ask anything, e.g. What is the capital of France?");
        prompt.setPrefRowCount(4);
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        TextField k = small("ask-k", vm.kProperty());
        TextField m = small("ask-m", vm.mProperty());
        TextField fee = small("ask-fee", vm.feeProperty());
        TextField tokens = small("ask-max-tokens", vm.maxTokensProperty());
        GridPane form = Ui.form();
        form.add(new Label("Miners (k)"), 0, 0);
        form.add(k, 1, 0);
        form.add(new Label("Validators (m)"), 2, 0);
        form.add(m, 3, 0);
        form.add(new Label("Fee (POQ)"), 0, 1);
        form.add(fee, 1, 1);
        form.add(new Label("Max tokens"), 2, 1);
        form.add(tokens, 3, 1);
        Button preview = new Button("Preview fee", Ui.icon(Feather.DOLLAR_SIGN));
        preview.setId("ask-preview");
        preview.setOnAction(e -> vm.previewFee());
        // the preview follows the form: half a second after the last edit it is asked again (the
        // same check as the submit, RequesterSession.check), so it never describes another form
        PauseTransition settle = new PauseTransition(Duration.millis(500));
        settle.setOnFinished(e -> {
            if (!vm.promptProperty().get().isBlank() && !vm.busyProperty().get()) {
                vm.previewFee();
            }
        });
        for (StringProperty p : List.of(vm.promptProperty(), vm.kProperty(), vm.mProperty(),
                vm.feeProperty(), vm.maxTokensProperty())) {
            p.addListener((o, a, b) -> settle.playFromStart());
        }
        PasswordField pw = new PasswordField();
        pw.setId("ask-password");
        pw.setPromptText("wallet password");
        pw.textProperty().bindBidirectional(vm.passwordProperty());
        pw.setOnAction(e -> vm.submit()); // Enter in the password field asks, as the button does
        Button submit = new Button("Ask the network", Ui.icon(Feather.SEND));
        submit.setId("ask-submit");
        submit.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        submit.disableProperty().bind(vm.busyProperty());
        submit.setOnAction(e -> vm.submit());
        Label previewText = new Label();
        previewText.setId("ask-preview-text");
        previewText.setWrapText(true);
        previewText.textProperty().bind(vm.previewProperty());
        VBox formCard = Ui.card(Ui.section("Prompt"), prompt, form, new HBox(8, preview, pw, submit), previewText,
                Ui.error(vm.errorProperty(), "ask-error"));

        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            TaskPhase p = vm.phaseProperty().get();
            return p == null ? 0.0 : p.ordinal() / (double) TaskPhase.FINALIZED.ordinal();
        }, vm.phaseProperty()));
        Label phase = new Label();
        phase.setId("ask-phase");
        phase.setWrapText(true);
        phase.textProperty().bind(vm.phaseTextProperty());
        Label note = new Label();
        note.setId("ask-note");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());
        Label outcome = new Label();
        outcome.setId("ask-outcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcomeProperty());
        VBox answers = new VBox(8);
        answers.setId("ask-answers");
        vm.answers().addListener((ListChangeListener<AnswerRow>) c -> {
            answers.getChildren().clear();
            int rank = 1;
            for (AnswerRow r : vm.answers()) {
                answers.getChildren().add(card(r, rank++));
            }
        });
        ListView<String> payments = new ListView<>(vm.payments());
        payments.setId("ask-payments");
        payments.setPrefHeight(130);
        payments.setPlaceholder(new Label("Rewards, penalties and refunds appear when the task is finalized"));
        Label belowFloor = Ui.error(vm.belowFloorProperty(), "ask-below-floor");
        belowFloor.getStyleClass().setAll("label", atlantafx.base.theme.Styles.WARNING);
        TextField taskId = new TextField();
        taskId.setId("ask-task-id");
        taskId.setEditable(false);
        taskId.textProperty().bind(Bindings.createStringBinding(
                () -> vm.taskProperty().get() == null ? "" : vm.taskProperty().get().toString(), vm.taskProperty()));
        Ui.whole(taskId);
        Button copyId = Copying.button("Copy task id", () -> taskId.getText());
        copyId.setId("ask-copy-task-id");
        copyId.setMinWidth(Region.USE_PREF_SIZE);
        HBox idRow = new HBox(8, new Label("Task"), taskId, copyId);
        idRow.setAlignment(Pos.CENTER_LEFT);
        VBox round = Ui.card(Ui.section("Round"), idRow, progress, phase, note, belowFloor, answers, outcome, payments);
        round.visibleProperty().bind(vm.taskProperty().isNotNull());
        round.managedProperty().bind(round.visibleProperty());
        setContent(Ui.page(Ui.title("Ask"), formCard, round));
        setFitToWidth(true);
    }

    private static VBox card(AnswerRow r, int rank) {
        Label head = new Label("#" + rank + "  answer " + (r.index() + 1) + " by " + Ui.shortAddress(r.miner())
                + (r.consensus() >= 0 ? "   consensus " + AnswerRow.score(r.consensus()) : "   awaiting scores")
                + (r.reward().isEmpty() ? "" : "   reward " + r.reward()));
        head.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_BOLD);
        Label text = new Label(r.text());
        text.setWrapText(true);
        String scores = r.validatorScores().entrySet().stream()
                .map(e -> Ui.shortAddress(e.getKey()) + " " + AnswerRow.score(e.getValue()))
                .collect(Collectors.joining("   "));
        VBox box = new VBox(4, head, text, Ui.muted(scores.isEmpty() ? "no validator scores yet" : "validators: " + scores));
        if (!r.audit().isEmpty()) {
            Label audit = Ui.muted(r.audit());
            audit.setId("audit-" + (r.index() + 1));
            audit.setWrapText(true);
            box.getChildren().add(audit);
        }
        box.getStyleClass().add("poq-answer");
        if (r.best()) {
            box.getStyleClass().add("poq-best");
        }
        return box;
    }

    private static TextField small(String id, StringProperty p) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(6);
        t.textProperty().bindBidirectional(p);
        return t;
    }
}
