package org.poq.app.gui.validator;

import javafx.beans.binding.Bindings;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.poq.app.gui.shell.NodeControl;
import org.poq.app.gui.shell.Ui;

/** The Validator screen's audit model: which GGUF of the library replays the family's answers, or none. */
final class AuditModelCard extends VBox {
    AuditModelCard(AuditModelViewModel vm, NodeControl node) {
        ComboBox<AuditModelViewModel.Choice> models = new ComboBox<>(vm.choices());
        models.setId("validator-audit-model");
        models.setMaxWidth(Double.MAX_VALUE);
        models.valueProperty().bindBidirectional(vm.choiceProperty());
        // the running validator keeps the auditor it started with
        models.disableProperty().bind(node.runningProperty().or(node.busyProperty()));
        Label family = new Label();
        family.setId("validator-audit-family");
        family.setWrapText(true);
        family.textProperty().bind(Bindings.concat("Replays every answer of the ", vm.familyProperty(),
                " tasks this validator scores (the family in Settings) on the chosen GGUF, under each miner's seed, and "
                        + "commits PASS or FAIL with the scores. Choose the family's own file: answers of any other model fail."));
        Label last = new Label();
        last.setId("validator-audit-last");
        last.setWrapText(true);
        last.textProperty().bind(vm.lastAuditProperty());
        getChildren().add(Ui.card(Ui.section("Audit by replay"), models, family, last));
    }
}
