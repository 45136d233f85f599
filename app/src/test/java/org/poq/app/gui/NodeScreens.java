package org.poq.app.gui;

import java.util.List;
import javafx.scene.control.Button;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.shell.NodeControl;
import org.poq.app.gui.validator.ValidatorViewModel;
import org.poq.core.TokenAmount;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Starts nodes from their screens as a user does: account, stake 100 POQ, the wallet's password, Start. */
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

    /**
     * Starts the Miner screen's node on the wallet's account 6 and the Validator screen's on account 7 (anvil's,
     * unregistered), each funded with 500 POQ by the fixture's governor, and waits until both run.
     *
     * @return the wallet's accounts, in order
     */
    public static List<String> startBothOnFreshAccounts(FxRobot robot, ProtocolFixture f, MinerViewModel miner,
            ValidatorViewModel validator) {
        miner.load().join();
        validator.load().join();
        while (miner.node().accounts().size() < 8) {
            miner.node().addAccount().join();
        }
        validator.load().join();
        List<String> accounts = List.copyOf(miner.node().accounts());
        f.governor().transferPoq(accounts.get(6), TokenAmount.ofTokens(500));
        f.governor().transferPoq(accounts.get(7), TokenAmount.ofTokens(500));
        start(robot, miner.node(), "miner", accounts.get(6));
        start(robot, validator.node(), "validator", accounts.get(7));
        Await.until("both nodes run", () -> miner.node().runningProperty().get() && validator.node().runningProperty().get());
        return accounts;
    }
}
