package org.poq.app.gui.fields;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A field with its error right under it, where the eye already is; the line takes no space when empty. */
public final class FieldViews {
    private FieldViews() {
    }

    public static VBox withError(Node field, ReadOnlyStringProperty error, String errorId) {
        Label l = new Label();
        l.setId(errorId);
        l.setWrapText(true);
        l.getStyleClass().addAll(atlantafx.base.theme.Styles.DANGER, atlantafx.base.theme.Styles.TEXT_SMALL);
        l.textProperty().bind(error);
        l.visibleProperty().bind(error.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return new VBox(2, field, l);
    }
}
