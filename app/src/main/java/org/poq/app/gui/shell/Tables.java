package org.poq.app.gui.shell;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.control.Labeled;

/**
 * Table columns as wide as what they hold: each column's minimum is its widest cell or its header,
 * measured in the table's font, so no time, status, hash or header ends in "…" (issue 27, item 7).
 * Fixed guesses ("Time" 118 px) were cut in one theme or another; a table wider than the window
 * scrolls sideways instead of hiding text. Measured again whenever the rows change.
 */
public final class Tables {
    /** A cell's padding and border, and a header's room for the sort arrow, in pixels. */
    static final double CELL_EXTRA = 22;
    static final double HEADER_EXTRA = 30;

    private Tables() {
    }

    public static <T> TableView<T> fitColumns(TableView<T> table) {
        Runnable fit = () -> fit(table);
        table.getItems().addListener((ListChangeListener<T>) c -> Platform.runLater(fit));
        table.itemsProperty().addListener((o, a, b) -> Platform.runLater(fit));
        table.skinProperty().addListener((o, a, b) -> Platform.runLater(fit));
        table.getColumns().addListener((ListChangeListener<TableColumn<T, ?>>) c -> Platform.runLater(fit));
        fit(table);
        return table;
    }

    private static <T> void fit(TableView<T> table) {
        Font font = table.lookup(".table-cell") instanceof Labeled cell ? cell.getFont() : Font.getDefault();
        Font headerFont = table.lookup(".column-header .label") instanceof Labeled h ? h.getFont() : font;
        for (TableColumn<T, ?> column : table.getColumns()) {
            double widest = width(column.getText(), headerFont) + HEADER_EXTRA;
            for (int i = 0; i < table.getItems().size(); i++) {
                Object v = column.getCellData(i);
                if (v != null) {
                    widest = Math.max(widest, width(v.toString(), font) + CELL_EXTRA);
                }
            }
            double w = Math.ceil(widest);
            column.setMinWidth(w);
            if (column.getPrefWidth() < w) {
                column.setPrefWidth(w);
            }
        }
    }

    private static double width(String text, Font font) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Text t = new Text(text);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }
}
