package org.poq.app.gui;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * Finds text a user cannot read in full: a label, button, table cell or column header whose skin
 * shows less than its text ("Stake (P…", "Cont…", "0x392"), and a read-only field (the receive
 * address) narrower than its text. Table cells count too: a column the user must widen to read a
 * time or a status is cut text as well.
 */
final class CutText {
    private CutText() {
    }

    /** Every cut text under {@code root}, as "full text -> what shows"; call on the FX thread after a layout. */
    static List<String> in(Node root) {
        Set<String> cut = new LinkedHashSet<>(); // a ScrollPane's content is reached twice: as content and as a child of its skin
        collect(root, cut);
        return new ArrayList<>(cut);
    }

    private static void collect(Node n, Set<String> cut) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && t.getClass().getSimpleName().equals("LabeledText")
                        && !t.getText().replace("\n", " ").equals(l.getText().replace("\n", " "))) {
                    cut.add(where(l) + "'" + l.getText() + "' -> '" + t.getText() + "'");
                }
            }
        }
        if (n instanceof TextField f && !f.isEditable() && f.getText() != null && !f.getText().isEmpty()) {
            Text probe = new Text(f.getText());
            probe.setFont(f.getFont());
            double room = f.getWidth() - f.snappedLeftInset() - f.snappedRightInset();
            if (probe.getLayoutBounds().getWidth() > room + 0.5) {
                cut.add(where(f) + "read-only field '" + f.getText() + "' needs " + Math.ceil(probe.getLayoutBounds().getWidth())
                        + " px, has " + Math.floor(room));
            }
        }
        if (n instanceof ScrollPane sp && sp.getContent() != null) {
            // text kept whole by a page wider than the window is not readable either: it is off to the side
            if (sp.isFitToWidth() && sp.getContent() instanceof Region r && sp.getViewportBounds().getWidth() > 0
                    && r.minWidth(-1) > sp.getViewportBounds().getWidth() + 0.5) {
                cut.add(where(sp) + "page needs " + Math.ceil(r.minWidth(-1)) + " px wide, the window gives "
                        + Math.floor(sp.getViewportBounds().getWidth()));
            }
            collect(sp.getContent(), cut);
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, cut);
            }
        }
    }

    private static String where(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof TableView<?> t && t.getId() != null) {
                return "[" + t.getId() + "] ";
            }
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (p.getId() != null) {
                return "[" + p.getId() + "] ";
            }
        }
        return "";
    }
}
