package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.firstrun.FirstRunView;
import org.poq.app.gui.firstrun.FirstRunViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.wallet.WalletView;
import org.poq.app.gui.wallet.WalletViewModel;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.WalletChain;
import org.poq.wallet.history.Activity;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.PendingTxStore;
import org.poq.wallet.transfer.TransferService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Wallet and first-run screens in a real JavaFX window (Monocle, headless) on a real anvil
 * chain, at the default size 1180x800 and at the minimum 900x650: field errors next to the field,
 * Enter as the form's action, the copy button, speed-up of a pending row, and no cut label.
 */
@ExtendWith(ApplicationExtension.class)
class WalletWindowTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static AppContext ctx;
    WalletViewModel vm;
    Scene scene;
    Stage stage;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        f.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        if (ctx == null) {
            ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
            TestContexts.openWallet(ctx, f.network().descriptor());
        }
        javafx.application.Application.setUserAgentStylesheet(org.poq.app.gui.shell.Theme.LIGHT.userAgentStylesheet());
        vm = new WalletViewModel(ctx);
        scene = new Scene(new WalletView(vm), 1180, 800);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                Thread.getAllStackTraces().forEach((t, st) -> {
                    if (t.getName().startsWith("test-gui") || t.getName().contains("JavaFX")) {
                        System.err.println("THREAD " + t.getName());
                        for (int i = 0; i < Math.min(12, st.length); i++) {
                            System.err.println("    " + st[i]);
                        }
                    }
                });
                throw new AssertionError("timed out waiting for " + what + " (screen says: '" + vm.errorProperty().get()
                        + "' / '" + vm.statusProperty().get() + "' / '" + vm.actionPasswordErrorProperty().get() + "')");
            }
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(50);
        }
    }

    private static String text(FxRobot robot, String id) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(id).queryAs(Labeled.class).getText()));
        return out.get();
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.interact(() -> robot.lookup(id).queryAs(javafx.scene.control.TextInputControl.class).setText(text));
    }

    /** The interaction tests use a tall window so every control is on screen for the robot. */
    private void tall(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1180);
            stage.setHeight(1390);
            stage.setY(0);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void sendFormShowsErrorsUnderTheFieldAndEnterReviews(FxRobot robot) throws Exception {
        tall(robot);
        robot.interact(() -> vm.refresh());
        waitFor("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        type(robot, "#send-to", "0x1234");
        robot.type(KeyCode.ENTER);
        waitFor("the field error", () -> robot.lookup("#send-to-error").query().isVisible());
        assertThat(text(robot, "#send-to-error")).contains("40 hex digits");
        Node field = robot.lookup("#send-to").query();
        Node error = robot.lookup("#send-to-error").query();
        double gap = error.localToScene(error.getBoundsInLocal()).getMinY() - field.localToScene(field.getBoundsInLocal()).getMaxY();
        assertThat(gap).as("the error sits right under its field").isBetween(0.0, 12.0);
        assertThat(robot.lookup("#wallet-error").query().isVisible()).isFalse();

        type(robot, "#send-to", f.bystander());
        waitFor("the stale error to go", () -> !robot.lookup("#send-to-error").query().isVisible());
        type(robot, "#send-amount", "1,000");
        robot.type(KeyCode.ENTER);
        waitFor("the quote", () -> vm.quoteProperty().get() != null);
        assertThat(robot.lookup("#send-summary").queryAs(javafx.scene.control.TextArea.class).getText()).contains("Amount: 1,000 POQ");

        robot.clickOn("#copy-address");
        AtomicReference<String> copied = new AtomicReference<>();
        robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));
        assertThat(copied.get()).isEqualTo(vm.address()).startsWith("0x");
    }

    @Test
    void aPendingRowIsSpedUpFromTheActivityList(FxRobot robot) throws Exception {
        tall(robot);
        robot.interact(() -> vm.refresh());
        waitFor("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        WalletChain chain = WalletChain.of(f.network());
        TransferService transfers = new TransferService(chain, ctx.wallet().require(), new PendingTxStore(ctx.db(), Clock.systemUTC()));
        f.chain().rpc("evm_setAutomine", false);
        try {
            var stuck = transfers.send(transfers.prepare(vm.address(), f.bystander(), Asset.NATIVE, "1"),
                    TestContexts.PASSWORD.toCharArray());
            robot.interact(() -> vm.refresh());
            waitFor("the pending row", () -> vm.activity().stream().anyMatch(Activity.Item::canReplace));
            @SuppressWarnings("unchecked")
            TableView<Activity.Item> table = robot.lookup("#activity").queryAs(TableView.class);
            robot.interact(() -> table.getSelectionModel().select(
                    vm.activity().stream().filter(Activity.Item::canReplace).findFirst().orElseThrow()));
            assertThat(robot.lookup("#speed-up").query().isDisabled()).isFalse();
            type(robot, "#activity-password", TestContexts.PASSWORD);
            robot.clickOn("#speed-up");
            // mine until the replacement is in a block
            Thread miner = new Thread(() -> {
                for (int i = 0; i < 100 && !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        Thread.sleep(200);
                        f.chain().rpc("evm_mine");
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            miner.start();
            try {
                waitFor("the speed-up", () -> text(robot, "#activity-status").startsWith("Sped up"));
            } finally {
                miner.interrupt();
            }
            assertThat(text(robot, "#activity-status")).endsWith("confirmed");
            // Speed up and Cancel disable themselves while they run: JavaFX then gave the focus to the
            // next control, the Backup card's password field, the one that reveals the recovery phrase
            AtomicReference<Node> focused = new AtomicReference<>();
            robot.interact(() -> focused.set(scene.getFocusOwner()));
            assertThat(focused.get()).as("the focus after Speed up").isSameAs(scene.getRoot());
            assertThat(robot.lookup("#activity-status").query().isVisible()).as("the result under the Activity card").isTrue();
            waitFor("the replaced row", () -> vm.activity().stream().anyMatch(i -> i.hash().equals(stuck.hash())
                    && i.status() == Activity.Status.REPLACED));
        } finally {
            f.chain().rpc("evm_setAutomine", true);
        }
    }

    /**
     * At the default size the Send card sits below the fold; clicking into its fields used to jump the
     * page by about 280 px. The field must stay where the user clicked it, whatever the refreshes do.
     */
    @Test
    void focusingASendFieldKeepsThePageWhereItIs(FxRobot robot) throws Exception {
        resize(robot, new double[]{1180, 800});
        robot.interact(() -> vm.refresh());
        waitFor("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        ScrollPane page = (ScrollPane) scene.getRoot();
        Node to = robot.lookup("#send-to").query();
        scrollUntil(robot, page, to, 300);
        for (String id : new String[]{"#send-to", "#send-amount", "#send-to"}) {
            Node field = robot.lookup(id).query();
            double before = sceneY(robot, field);
            double vBefore = page.getVvalue();
            robot.clickOn(id);
            Thread.sleep(300);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup(id).query().isFocused()).as(id + " has the focus").isTrue();
            assertThat(sceneY(robot, field)).as("where " + id + " is after it got the focus (scroll " + vBefore + " -> "
                    + page.getVvalue() + ")").isCloseTo(before, offset(2.0));
        }
        // Tab moves the focus by traversal, which makes the ScrollPane scroll the new owner "into view"
        robot.clickOn("#send-to");
        for (String id : new String[]{"#send-amount", "#send-asset"}) {
            Node field = robot.lookup(id).query();
            double before = sceneY(robot, field);
            double vBefore = page.getVvalue();
            robot.type(KeyCode.TAB);
            Thread.sleep(300);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup(id).query().isFocused()).as(id + " has the focus after Tab").isTrue();
            assertThat(sceneY(robot, field)).as("where " + id + " is after Tab gave it the focus (scroll " + vBefore + " -> "
                    + page.getVvalue() + ")").isCloseTo(before, offset(2.0));
        }
        // the review opens the confirmation under the form (about 280 px), and typing in a field closes it
        // again: the form stays where it is, above it
        type(robot, "#send-to", f.bystander());
        type(robot, "#send-amount", "1");
        double beforeReview = sceneY(robot, to);
        robot.clickOn("#send-amount");
        robot.type(KeyCode.ENTER);
        waitFor("the quote", () -> vm.quoteProperty().get() != null);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sceneY(robot, to)).as("the recipient field after the confirmation opened below it")
                .isCloseTo(beforeReview, offset(2.0));
        robot.clickOn("#send-amount");
        robot.type(KeyCode.DIGIT2);
        waitFor("the confirmation to close", () -> vm.quoteProperty().get() == null);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sceneY(robot, to)).as("the recipient field after an edit closed the confirmation")
                .isCloseTo(beforeReview, offset(2.0));
        // a payment sent: its status line ("Sent ... confirmed") opens above the Send card
        robot.interact(() -> {
            vm.recipientProperty().set(f.bystander());
            vm.amountProperty().set("1");
        });
        robot.interact(vm::prepareSend);
        waitFor("the quote", () -> vm.quoteProperty().get() != null);
        robot.interact(() -> vm.sendPasswordProperty().set(TestContexts.PASSWORD));
        robot.interact(vm::confirmSend);
        waitFor("the sent status", () -> vm.statusProperty().get().startsWith("Sent"));
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        // the user types the next payment: Review clears that stale line above the form, the form stays put
        type(robot, "#send-to", f.bystander());
        type(robot, "#send-amount", "2");
        Node amountField = robot.lookup("#send-amount").query();
        double beforeClear = sceneY(robot, amountField);
        robot.type(KeyCode.ENTER);
        waitFor("the second quote", () -> vm.quoteProperty().get() != null && vm.statusProperty().get().isEmpty());
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sceneY(robot, amountField)).as("the amount field after the status line above it closed")
                .isCloseTo(beforeClear, offset(2.0));
        robot.interact(vm::cancelSend);
        // a refresh that reloads balances and the activity list does not move the page either
        double before = sceneY(robot, to);
        robot.interact(() -> vm.refresh());
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sceneY(robot, to)).as("after a refresh").isCloseTo(before, offset(2.0));
    }

    /**
     * The focus rule (issue 27): Confirm and send disables itself and its card closes; JavaFX then gave
     * the focus to the next control, the Backup card's password field (the one that reveals the
     * recovery phrase), and the page scrolled there. The result must show beside the Send card, the
     * page must stay, and no secret field may get the focus by itself; the same for the Miner's Start.
     */
    @Test
    void anActionsResultShowsWhereItWasAndTheFocusNeverGoesToASecretField(FxRobot robot) throws Exception {
        resize(robot, new double[]{1180, 800});
        robot.interact(() -> vm.refresh());
        waitFor("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        ScrollPane page = (ScrollPane) scene.getRoot();
        Node to = robot.lookup("#send-to").query();
        scrollUntil(robot, page, to, 120);
        type(robot, "#send-to", f.bystander());
        type(robot, "#send-amount", "3");
        robot.type(KeyCode.ENTER);
        waitFor("the quote", () -> vm.quoteProperty().get() != null);
        type(robot, "#send-password", TestContexts.PASSWORD);
        double before = sceneY(robot, to);
        robot.clickOn("#send-confirm");
        waitFor("the sent status", () -> vm.statusProperty().get().startsWith("Sent"));
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        AtomicReference<Node> focused = new AtomicReference<>();
        robot.interact(() -> focused.set(scene.getFocusOwner()));
        // JavaFX handed it on to the next control (the Activity table here, the recovery phrase's password
        // field in the walk-through): the page keeps it instead
        assertThat(focused.get()).as("the focus after Confirm and send").isSameAs(page);
        // the page stays where the action was (the bug: it jumped to "Backup and keys", far below), and the Send
        // card does not move at all: once 62 px in a CI run, when the send's result (the confirmation closing below
        // the card) came in before the page took the focus back and the scroll position was given back as a
        // fraction of a range that had shrunk meanwhile (shell.Page keeps the action's card in place: PageTest)
        assertThat(sceneY(robot, to)).as("the Send card after Confirm and send (error \"%s\", status \"%s\")",
                vm.errorProperty().get(), vm.statusProperty().get()).isCloseTo(before, offset(2.0));
        Node result = robot.lookup("#send-status").query();
        assertThat(result.isVisible()).isTrue();
        double y = sceneY(robot, result);
        assertThat(y).as("the result line is in the window").isBetween(0.0, scene.getHeight() - 20);
        assertThat(text(robot, "#send-status")).startsWith("Sent 3 POQ");
    }

    /** Scrolls the page until {@code node} is about {@code fromTop} px below the top of the window. */
    private static void scrollUntil(FxRobot robot, ScrollPane page, Node node, double fromTop) {
        robot.interact(() -> {
            page.applyCss();
            page.layout();
            double contentHeight = page.getContent().getBoundsInLocal().getHeight();
            double viewport = page.getViewportBounds().getHeight();
            double inContent = page.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
            page.setVvalue(Math.max(0, Math.min(1, (inContent - fromTop) / (contentHeight - viewport))));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static double sceneY(FxRobot robot, Node n) {
        AtomicReference<Double> y = new AtomicReference<>();
        robot.interact(() -> y.set(n.localToScene(n.getBoundsInLocal()).getMinY()));
        return y.get();
    }

    @Test
    void noLabelIsCutAtTheDefaultOrTheMinimumSize(FxRobot robot) throws Exception {
        robot.interact(() -> vm.refresh());
        waitFor("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        FirstRunViewModel firstRun = new FirstRunViewModel(ctx);
        robot.interact(firstRun::generatePhrase);
        for (double[] size : new double[][]{{1180, 800}, {PoqApp.MIN_WIDTH, PoqApp.MIN_HEIGHT}}) {
            resize(robot, size);
            assertNothingCut(robot, "wallet", size);
            shoot("wallet-" + (int) size[0] + "x" + (int) size[1]);
            robot.interact(() -> scene.setRoot(new FirstRunView(firstRun)));
            WaitForAsyncUtils.waitForFxEvents();
            assertNothingCut(robot, "first run", size);
            shoot("first-run-" + (int) size[0] + "x" + (int) size[1]);
            // the Miner screen's library buttons were cut at 1180 x 800 ("Import GG…"); its settings card is new
            org.poq.app.gui.miner.MinerViewModel miner = new org.poq.app.gui.miner.MinerViewModel(ctx);
            robot.interact(() -> scene.setRoot(new org.poq.app.gui.miner.MinerView(miner)));
            miner.load().join();
            WaitForAsyncUtils.waitForFxEvents();
            assertNothingCut(robot, "miner", size);
            robot.interact(() -> scene.setRoot(new WalletView(vm)));
            robot.interact(() -> vm.refresh());
            waitFor("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        }
    }

    /** The check after "I wrote them down" must prove the paper copy: the words are off the screen meanwhile. */
    @Test
    void firstRunHidesTheWordsWhileTheyAreCheckedAndAsksBeforeReplacingThem(FxRobot robot) throws Exception {
        FirstRunViewModel firstRun = new FirstRunViewModel(ctx);
        robot.interact(() -> scene.setRoot(new FirstRunView(firstRun)));
        tall(robot);
        robot.clickOn("#generate-phrase");
        var words = robot.lookup("#phrase-words").queryAs(javafx.scene.layout.FlowPane.class);
        waitFor("the words", () -> words.getChildren().size() == 12);
        robot.clickOn("#generate-phrase");
        waitFor("the notice", () -> robot.lookup("#phrase-notice").query().isVisible());
        robot.clickOn("#wrote-them-down");
        waitFor("the check", () -> robot.lookup("#confirm-0").query().isVisible());
        assertThat(words.getChildren()).isEmpty();
        assertThat(words.getParent().isVisible()).isFalse();
    }

    private void resize(FxRobot robot, double[] size) {
        robot.interact(() -> {
            stage.setWidth(size[0]);
            stage.setHeight(size[1]);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A label whose skin shows less text than it has was cut ("Import GG…"). */
    private void assertNothingCut(FxRobot robot, String screen, double[] size) {
        List<String> cut = new ArrayList<>();
        robot.interact(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            collectCut(scene.getRoot(), cut);
        });
        assertThat(cut).as(screen + " at " + (int) size[0] + "x" + (int) size[1]).isEmpty();
    }

    private static void collectCut(Node n, List<String> cut) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof javafx.scene.control.IndexedCell<?>) {
            return; // table and list cells end in an ellipsis by design; the full text is a tooltip or a wider column away
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && !l.isWrapText()) {
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && t.getClass().getSimpleName().equals("LabeledText") && !t.getText().equals(l.getText())) {
                    cut.add(l.getText() + " -> " + t.getText());
                }
            }
        }
        if (n instanceof ScrollPane sp && sp.getContent() != null) {
            collectCut(sp.getContent(), cut);
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collectCut(c, cut);
            }
        }
    }

    private void shoot(String name) throws Exception {
        Screenshots.write(scene, name);
    }
}
