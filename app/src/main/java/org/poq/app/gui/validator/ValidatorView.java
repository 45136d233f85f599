package org.poq.app.gui.validator;

import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.poq.app.gui.shell.NodeViews;
import org.poq.app.gui.shell.Tables;
import org.poq.app.gui.shell.Ui;
import org.poq.app.gui.shell.Page;

/** The evaluator, the node, the inspection table of scored answers, agreement over time, jobs. */
public final class ValidatorView extends Page {
    public ValidatorView(ValidatorViewModel vm) {
        Label evaluator = new Label();
        evaluator.setId("validator-evaluator");
        evaluator.setWrapText(true);
        evaluator.textProperty().bind(vm.evaluatorProperty());
        VBox node = NodeViews.nodeCard(vm.node(), "validator", evaluator, vm::start);

        TableView<ValidatorViewModel.InspectionRow> table = new TableView<>(vm.inspection());
        table.setId("validator-inspection");
        table.setPrefHeight(220);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Ui.col("Task", ValidatorViewModel.InspectionRow::task));
        table.getColumns().add(Ui.col("Answer", r -> Integer.toString(r.answer())));
        table.getColumns().add(Ui.col("Consensus", ValidatorViewModel.InspectionRow::consensus));
        table.getColumns().add(Ui.col("My score", ValidatorViewModel.InspectionRow::mine));
        table.getColumns().add(Ui.col("Deviation", ValidatorViewModel.InspectionRow::deviation));
        table.getColumns().add(Ui.col("Outcome", ValidatorViewModel.InspectionRow::outcome));
        table.getColumns().add(Ui.col("Audit", ValidatorViewModel.InspectionRow::audit));
        table.getColumns().add(Ui.col("Other validators", ValidatorViewModel.InspectionRow::others));
        Tables.fitColumns(table);
        table.setPlaceholder(new Label("Scored answers appear here once tasks are finalized"));

        var agreement = NodeViews.chart("Agreement with consensus (1 = identical)", "task", vm.agreement());
        var jobs = NodeViews.jobs(vm.node().jobs(), "validator-jobs");
        VBox jobsCard = Ui.card(Ui.section("Jobs"), NodeViews.ledger(vm.node(), "validator"), jobs);
        EvaluatorCatalogViewModel evaluators = EvaluatorCatalogViewModel.bundled(vm.context());
        evaluators.load();
        setContent(Ui.page(Ui.title("Validator"), node, new AuditModelCard(vm.auditModel(), vm.node()),
                new EvaluatorCatalogCard(evaluators),
                Ui.card(Ui.section("Scored answers"), table), agreement, jobsCard));
        setFitToWidth(true);
    }
}
