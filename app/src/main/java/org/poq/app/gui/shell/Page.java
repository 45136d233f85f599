package org.poq.app.gui.shell;

import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
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
 *
 * <p>The focus rule (issue 27): the focus goes only where the user puts it. When the focused button
 * is disabled or hidden by its own action (Confirm and send, Speed up, Start), JavaFX hands the focus
 * to the next control, which was the Backup card's password field (the one that reveals the phrase)
 * or the catalog's filter, and the page scrolled there, away from the result. Such a hand-over is
 * taken back: the page itself holds the focus and stays where it was.
 *
 * <p>While the page holds the focus after such an action, the action's card (the {@code poq-card} that
 * held the button) is kept where it was, as a focused field is: the result of Confirm and send must
 * stay beside the Send card. Two things moved it (once 62 px in a CI run): the scroll position was
 * given back as a fraction of the scroll range, and the range had shrunk meanwhile when the send's
 * result (its confirmation closing below the card) came in before the hand-over was undone; and a
 * line opening above the card (a refresh's message) moved the card as it moves an unfocused field.
 */
public class Page extends ScrollPane {
    private final Runnable afterLayout = this::keepFocusedFieldInPlace;
    private final ChangeListener<Node> focusMoved = (o, before, now) -> takeBackFocusGivenAway(before, now);
    private Node anchor;
    /** The card of the action whose button gave the focus away, while the page holds the focus. */
    private Node actionCard;
    private double actionCardY;
    private boolean lostByItself;
    private double anchorY;
    private double anchorOffset;

    public Page() {
        sceneProperty().addListener((o, before, now) -> {
            if (before != null) {
                before.removePostLayoutPulseListener(afterLayout);
                before.focusOwnerProperty().removeListener(focusMoved);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
                now.focusOwnerProperty().addListener(focusMoved);
            }
        });
    }

    /**
     * JavaFX hands the focus on in two steps, old owner -> null -> next control: the first step is
     * remembered (until the events of this moment are done) so that the second is known for a
     * hand-over and not the user's click.
     */
    private void takeBackFocusGivenAway(Node before, Node now) {
        if (getContent() == null) {
            return;
        }
        if (before != null && isInContent(before) && (before.isDisabled() || !shown(before))) {
            lostByItself = true; // the focused control disabled or hid itself: whatever takes the focus now, the user did not choose
            Platform.runLater(() -> lostByItself = false);
            // where its card is now, before anything scrolls to the next control
            actionCard = cardOf(before);
            actionCardY = yInViewport(actionCard);
        } else if (now != null && now != this && !lostByItself) {
            actionCard = null; // the user put the focus somewhere: that field is kept in place instead
        }
        if (!lostByItself || now == null || now == this || !isInContent(now)) {
            return;
        }
        lostByItself = false;
        Node card = actionCard;
        double cardY = actionCardY;
        // after the scene has finished handing the focus on (a request inside its change is overridden)
        Platform.runLater(() -> {
            Scene scene = getScene();
            if (scene != null && scene.getFocusOwner() == now) {
                requestFocus();
                // back to where the card was, in pixels: a fraction of a range that changed meanwhile is another place
                layout();
                scrollBy(yInViewport(card) - cardY);
                actionCard = card;
                anchor = card;
                anchorY = yInViewport(card);
                anchorOffset = offset();
            }
        });
    }

    /** The card holding {@code n} (the page's own parts have the poq-card style), or {@code n} when none does. */
    private Node cardOf(Node n) {
        for (Node p = n; p != null && p != getContent(); p = p.getParent()) {
            if (p.getStyleClass().contains("poq-card")) {
                return p;
            }
        }
        return n;
    }

    /** Scrolls the content by {@code dy} pixels (down for a positive one), within the range. */
    private void scrollBy(double dy) {
        double range = range();
        double span = getVmax() - getVmin();
        if (Math.abs(dy) < 0.5 || range <= 0 || span <= 0) {
            return;
        }
        double wanted = Math.max(0, Math.min(range, offset() + dy));
        setVvalue(getVmin() + wanted / range * span);
        layout();
    }

    /** Visible with all its parents, in a scene: a hidden card's button is not. */
    private static boolean shown(Node n) {
        if (n.getScene() == null) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void keepFocusedFieldInPlace() {
        Scene scene = getScene();
        Node focused = scene == null ? null : scene.getFocusOwner();
        // the field being typed in, or the card of the action that gave the page the focus
        Node kept = focused instanceof TextInputControl ? focused : focused == this ? actionCard : null;
        if (kept == null || !shown(kept) || !isInContent(kept) || getContent() == null) {
            anchor = null;
            return;
        }
        double y = yInViewport(kept);
        double offset = offset();
        if (kept == anchor && Math.abs(offset - anchorOffset) < 0.5 && Math.abs(y - anchorY) > 0.5) {
            // the content moved under it while nobody scrolled: scroll by as much
            scrollBy(y - anchorY);
            y = yInViewport(kept);
            offset = offset();
        }
        anchor = kept;
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
