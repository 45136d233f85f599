package org.poq.app.gui;

import javafx.scene.control.Button;
import org.poq.app.gui.shell.NodeControl;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Starts a node from its screen as a user does: account, stake 100 POQ, the wallet's password, Start. */
public final class NodeScreens {
    private NodeScreens() {
    }

    public static void start(FxRobot robot, NodeControl node, String role, String account) {
        robot.interact(() -> {
            node.accountProperty().set(account);
            node.stakeProperty().set("100");
            node.passwordProperty().set(TestContexts.PASSWORD);
            robot.lookup("#" + role + "-start").queryAs(Button.class).fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
