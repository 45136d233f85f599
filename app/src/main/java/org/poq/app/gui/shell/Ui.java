package org.poq.app.gui.shell;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.util.StringConverter;

/** Small layout helpers the screens share, so each view reads as its content. */
public final class Ui {
    private Ui() {
    }

    public static Label title(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_2);
        return l;
    }

    public static Label section(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE); // "Hardware" read "Hard…" at the minimum size
        l.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_4);
        return l;
    }

    /** A red line that shows the view model's error and disappears when it is empty. */
    public static Label error(ReadOnlyStringProperty message, String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        l.textProperty().bind(message);
        l.visibleProperty().bind(message.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    public static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    public static FontIcon icon(Feather f) {
        return new FontIcon(f);
    }

    public static GridPane form() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        return g;
    }

    /** A form row; its label keeps its whole text ("Stake (POQ)" read "Stake (P…" at the minimum size). */
    public static void row(GridPane g, int row, String label, Node field) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        g.add(l, 0, row);
        g.add(field, 1, row);
    }

    public static VBox card(Node... children) {
        VBox box = new VBox(8, children);
        box.setPadding(new Insets(14));
        box.getStyleClass().add("poq-card");
        return box;
    }

    public static VBox page(Node... children) {
        VBox box = new VBox(14, children);
        box.setPadding(new Insets(20));
        return box;
    }

    public static <T> TableColumn<T, String> col(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    /** A chart axis over counts (tasks, jobs, seconds): labels on whole numbers only. */
    public static NumberAxis integerAxis(String label) {
        NumberAxis x = new NumberAxis();
        x.setLabel(label);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return Math.abs(v - Math.rint(v)) < 1e-6 ? Long.toString(Math.round(v)) : "";
            }

            @Override
            public Number fromString(String s) {
                return Long.parseLong(s);
            }
        });
        return x;
    }

    /**
     * A read-only field as wide as its whole text (the receive address shrank to "0x392" at the
     * minimum size): measured in the field's own font, again when the text, font or padding change.
     */
    public static TextField whole(TextField f) {
        InvalidationListener fit = o -> {
            Text t = new Text(f.getText() == null ? "" : f.getText());
            t.setFont(f.getFont());
            double w = Math.ceil(t.getLayoutBounds().getWidth() + f.snappedLeftInset() + f.snappedRightInset() + 6);
            f.setMinWidth(w);
            f.setPrefWidth(w);
        };
        f.textProperty().addListener(fit);
        f.fontProperty().addListener(fit);
        f.insetsProperty().addListener(fit);
        fit.invalidated(null);
        return f;
    }

    public static String shortAddress(String address) {
        if (address == null || address.length() < 12) {
            return address == null ? "" : address;
        }
        return address.substring(0, 6) + "…" + address.substring(address.length() - 4);
    }
}
