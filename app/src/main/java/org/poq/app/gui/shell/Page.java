package org.poq.app.gui.shell;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;

/**
 * A screen's scrolling page on which the field being typed in stays where it is. When a part above
 * the field opens or closes (the Wallet screen's status line, an error, a card's contents), the
 * ScrollPane keeps its scroll offset in pixels, so the field moved under the cursor by that part's
 * height. Here, after each layout, a text field that moved while the scroll offset stayed the same is
 * brought back to where it was. A change of the offset (the user's wheel or scroll bar, Tab bringing
 * a field into view, code) is left alone: the new place is the wanted one.
 */
public class Page extends ScrollPane {
    private final Runnable afterLayout = this::keepFocusedFieldInPlace;
    private Node anchor;
    private double anchorY;
    private double anchorOffset;

    public Page() {
        sceneProperty().addListener((o, before, now) -> {
            if (before != null) {
                before.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        });
    }

    private void keepFocusedFieldInPlace() {
        Scene scene = getScene();
        Node focused = scene == null ? null : scene.getFocusOwner();
        if (!(focused instanceof TextInputControl) || !focused.isVisible() || !isInContent(focused) || getContent() == null) {
            anchor = null;
            return;
        }
        double y = yInViewport(focused);
        double offset = offset();
        if (focused == anchor && Math.abs(offset - anchorOffset) < 0.5 && Math.abs(y - anchorY) > 0.5) {
            // the content moved under the field while nobody scrolled: scroll by as much
            double range = range();
            double span = getVmax() - getVmin();
            if (range > 0 && span > 0) {
                double wanted = Math.max(0, Math.min(range, offset + (y - anchorY)));
                setVvalue(getVmin() + wanted / range * span);
                layout();
                y = yInViewport(focused);
                offset = offset();
            }
        }
        anchor = focused;
        anchorY = y;
        anchorOffset = offset;
    }

    /** How far the content is scrolled, in pixels. */
    private double offset() {
        double span = getVmax() - getVmin();
        return span <= 0 ? 0 : (getVvalue() - getVmin()) / span * Math.max(0, range());
    }

    private double range() {
        return getContent().getLayoutBounds().getHeight() - getViewportBounds().getHeight();
    }

    private boolean isInContent(Node n) {
        Node content = getContent();
        for (Parent p = n.getParent(); p != null; p = p.getParent()) {
            if (p == content) {
                return true;
            }
        }
        return false;
    }

    private double yInViewport(Node n) {
        return sceneToLocal(n.localToScene(n.getBoundsInLocal())).getMinY();
    }
}
