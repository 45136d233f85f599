package org.poq.app.gui.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.ScrollPane;

/** The main window after setup: navigation on the left, the chosen screen in the middle, a status line. */
public final class Shell extends BorderPane {
    private final Map<String, Screen> screens = new LinkedHashMap<>();
    private final Map<String, ToggleButton> buttons = new LinkedHashMap<>();

    public Shell(List<Screen> all, ReadOnlyStringProperty statusLine) {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4);
        nav.setPadding(new Insets(14, 8, 14, 8));
        nav.getStyleClass().add("poq-nav");
        Label brand = new Label("PoQ Desktop");
        brand.getStyleClass().addAll(atlantafx.base.theme.Styles.TITLE_4, "poq-brand");
        nav.getChildren().add(brand);
        for (Screen s : all) {
            ToggleButton b = new ToggleButton(s.title(), Ui.icon(s.icon()));
            b.setId("nav-" + s.id());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add(atlantafx.base.theme.Styles.FLAT);
            b.setOnAction(e -> show(s.id()));
            nav.getChildren().add(b);
            screens.put(s.id(), s);
            buttons.put(s.id(), b);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        nav.getChildren().add(spacer);
        nav.setPrefWidth(170);
        setLeft(nav);
        Label status = new Label();
        status.setId("status-line");
        status.textProperty().bind(statusLine);
        status.setPadding(new Insets(4, 10, 4, 10));
        status.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        setBottom(status);
        if (!all.isEmpty()) {
            show(all.get(0).id());
        }
    }

    public void show(String id) {
        Screen s = screens.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no screen " + id);
        }
        buttons.get(id).setSelected(true);
        setCenter(s.view());
        if (s.view() instanceof ScrollPane sp) {
            sp.setVvalue(0);
        }
        s.onShow().run();
    }
}
