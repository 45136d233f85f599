package org.poq.app.gui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 27's rule, "an action's result appears where the action was", on a page of its own in a real
 * window, for the two ways the Wallet screen's Send card moved after Confirm and send (once 62 px in a CI
 * run): the action's result (its card's confirmation closing) arriving before the page took back the focus
 * JavaFX had handed to the next field, so the scroll position given back as a fraction of the old range
 * meant another place in the shorter page; and a line opening above the card after the action.
 */
@ExtendWith(ApplicationExtension.class)
class PageTest {
    Page page;
    Label above;
    VBox card;
    Button act;
    VBox confirmation;
    PasswordField secret;
    Scene scene;

    @Start
    void start(Stage stage) {
        above = new Label("a refresh's message, above the card");
        above.setMinHeight(60);
        above.setVisible(false);
        above.managedProperty().bind(above.visibleProperty());
        act = new Button("Confirm and send");
        act.setId("act");
        act.setOnAction(e -> act.setDisable(true)); // busy: the action disables its own button
        confirmation = new VBox(filler(300));
        confirmation.managedProperty().bind(confirmation.visibleProperty());
        card = Ui.card(new Label("Send"), act, confirmation);
        secret = new PasswordField(); // the next control, as the recovery phrase's password field was
        secret.setId("secret");
        page = new Page();
        page.setContent(Ui.page(filler(700), above, card, Ui.card(new Label("Backup and keys"), secret), filler(400)));
        page.setFitToWidth(true);
        scene = new Scene(page, 600, 500);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aLineOpeningAboveTheActionsCardAfterTheActionDoesNotMoveTheCard(FxRobot robot) {
        double before = clickWithTheCardAt(robot, 120);
        robot.interact(() -> above.setVisible(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focusOwner(robot)).isSameAs(page);
        assertThat(y(robot, card)).as("the card after a line opened above it").isCloseTo(before, Offset.offset(2.0));
    }

    @Test
    void theResultArrivingBeforeTheFocusIsTakenBackDoesNotMoveTheCard(FxRobot robot) {
        // the result comes in while JavaFX hands the focus on: the confirmation below the button closes
        secret.focusedProperty().addListener((o, was, is) -> {
            if (is) {
                confirmation.setVisible(false);
            }
        });
        double before = clickWithTheCardAt(robot, 120);
        assertThat(focusOwner(robot)).isSameAs(page);
        assertThat(y(robot, card)).as("the card after its confirmation closed").isCloseTo(before, Offset.offset(2.0));
    }

    /** Scrolls the card to {@code fromTop} px below the window's top, clicks its button; the card's y before the click. */
    private double clickWithTheCardAt(FxRobot robot, double fromTop) {
        robot.interact(() -> {
            page.applyCss();
            page.layout();
            double content = page.getContent().getLayoutBounds().getHeight();
            double viewport = page.getViewportBounds().getHeight();
            double inContent = card.getBoundsInParent().getMinY() + 20; // the page's padding
            page.setVvalue((inContent - fromTop) / (content - viewport));
        });
        WaitForAsyncUtils.waitForFxEvents();
        double before = y(robot, card);
        assertThat(before).isBetween(fromTop - 30, fromTop + 30);
        robot.clickOn("#act");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        return before;
    }

    private Node focusOwner(FxRobot robot) {
        AtomicReference<Node> n = new AtomicReference<>();
        robot.interact(() -> n.set(scene.getFocusOwner()));
        return n.get();
    }

    private static double y(FxRobot robot, Node n) {
        AtomicReference<Double> y = new AtomicReference<>();
        robot.interact(() -> y.set(n.localToScene(n.getBoundsInLocal()).getMinY()));
        return y.get();
    }

    private static Region filler(double height) {
        Region r = new Region();
        r.setMinHeight(height);
        r.setPrefHeight(height);
        return r;
    }
}
