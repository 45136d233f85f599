package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.serve.ServeView;
import org.poq.app.gui.serve.ServeViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.wallet.WalletView;
import org.poq.app.gui.wallet.WalletViewModel;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.testing.ProtocolFixture;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import java.util.function.Supplier;
import javafx.scene.control.ComboBox;

/**
 * Issue 27, items 13, 14 and 15 in real windows on anvil: what a MetaMask or LM Studio user expects
 * besides the main actions. "Copied" feedback; copying a hash from Activity; the CSV export; a keystore
 * exported with its password typed twice and the wallet password asked for in words, and imported under a
 * name ("Imported Imported 3 (0x…)" before); the API key's copy button and the key leaving the screen
 * when the wallet locks; Enter in the node password field; the stake locked while the node runs.
 */
@ExtendWith(ApplicationExtension.class)
class ConveniencesWindowTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    AppContext ctx;
    Stage stage;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        TestContexts.openWallet(ctx, f.network().descriptor());
        ctx.settings().modelFamily(ProtocolFixture.FAMILY);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    /** Builds the view on the FX thread, as the app does (a table's column fitting runs there). */
    private void show(FxRobot robot, Supplier<Parent> root) {
        robot.interact(() -> TestContexts.show(stage, root.get(), 1180, 1390));
        robot.interact(() -> stage.setY(0));
    }

    @Test
    void copyingSaysCopiedAndASentTransfersHashIsCopiedFromActivityAndTheHistoryExportsAsCsv(FxRobot robot) throws Exception {
        WalletViewModel vm = new WalletViewModel(ctx);
        show(robot, () -> new WalletView(vm));
        robot.interact(vm::refresh);
        Await.until("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        robot.clickOn("#copy-address");
        assertThat(text(robot, "#copy-address")).isEqualTo("Copied");
        assertThat(clipboard(robot)).isEqualTo(vm.addressProperty().get());

        robot.interact(() -> {
            vm.recipientProperty().set(f.bystander());
            vm.amountProperty().set("3");
            vm.prepareSend();
        });
        Await.until("the quote", () -> vm.quoteProperty().get() != null);
        robot.interact(() -> {
            vm.sendPasswordProperty().set(TestContexts.PASSWORD);
            vm.confirmSend();
        });
        Await.until("the sent transfer in Activity", () -> vm.statusProperty().get().startsWith("Sent") && !vm.activity().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        String hash = vm.activity().get(0).hash();
        // the row's right-click menu, as a user opens it
        robot.interact(() -> {
            TableRow<?> row = robot.lookup("#activity .table-row-cell").queryAllAs(TableRow.class).stream()
                    .filter(r -> r.getIndex() == 0).findFirst().orElseThrow();
            MenuItem copy = row.getContextMenu().getItems().stream()
                    .filter(i -> i.getText().equals("Copy transaction hash")).findFirst().orElseThrow();
            copy.fire();
        });
        assertThat(clipboard(robot)).isEqualTo(hash);

        // the CSV button opens the system's save dialog (none under Monocle); it writes through this call
        Path csv = dir.resolve("history.csv");
        robot.interact(() -> vm.exportCsv(csv));
        Await.until("the CSV file", () -> vm.statusProperty().get().startsWith("Wrote"));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("time_utc,block,tx_hash");
        assertThat(lines).anyMatch(l -> l.toLowerCase().contains(hash.toLowerCase()));
        assertThat(robot.lookup("#export-csv").queryAs(Button.class).isVisible()).isTrue();
    }

    @Test
    void aKeystoreIsExportedWithItsPasswordTypedTwiceAndImportedUnderAName(FxRobot robot) throws Exception {
        WalletViewModel vm = new WalletViewModel(ctx);
        show(robot, () -> new WalletView(vm));
        robot.interact(vm::refresh);
        Await.until("the balance", () -> vm.poqBalanceProperty().get().endsWith("POQ"));
        Path out = Files.createDirectories(dir.resolve("exported"));
        type(robot, "#export-password", "file password 1");
        type(robot, "#export-password-repeat", "file password 2");
        type(robot, "#export-folder", out.toString());
        robot.clickOn("#export-keystore");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#export-password-repeat-error")).isEqualTo("The two passwords differ: type the file's password twice.");
        assertThat(text(robot, "#backup-password-error")).isEqualTo("Enter the wallet password here: exporting a key needs it as well.");
        assertThat(Files.list(out)).isEmpty();
        type(robot, "#backup-password", TestContexts.PASSWORD);
        type(robot, "#export-password", "file password 1");
        type(robot, "#export-password-repeat", "file password 1");
        robot.clickOn("#export-keystore");
        Await.until("the file is written", () -> vm.backupStatusProperty().get().startsWith("Wrote"));
        assertThat(Files.list(out)).hasSize(1);
        // a path can be chosen rather than typed
        assertThat(robot.lookup("#export-choose-folder").queryAs(Button.class).getText()).isEqualTo("Choose…");
        assertThat(robot.lookup("#import-choose-file").queryAs(Button.class).getText()).isEqualTo("Choose…");

        // another wallet's key (a keystore as MetaMask or geth writes it), imported under the user's name for it
        Credentials other = Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        Path keystores = Files.createDirectories(dir.resolve("other"));
        String name = WalletUtils.generateWalletFile("other wallet pw", other.getEcKeyPair(), keystores.toFile(), false);
        type(robot, "#import-file", keystores.resolve(name).toString());
        type(robot, "#import-password", "other wallet pw");
        type(robot, "#import-name", "Savings");
        robot.clickOn("#import-keystore");
        Await.until("the import", () -> !vm.backupStatusProperty().get().isEmpty() || !vm.importFileErrorProperty().get().isEmpty()
                || !vm.importPasswordErrorProperty().get().isEmpty());
        assertThat(vm.importFileErrorProperty().get()).isEmpty();
        assertThat(text(robot, "#backup-status"))
                .isEqualTo("Added \"Savings\" (" + Keys.toChecksumAddress(other.getAddress()) + ") from the keystore file.")
                .doesNotContain("Imported Imported");
        Await.until("the account is listed by its name", () -> vm.accounts().stream().anyMatch(a -> a.toString().contains("Savings")));
    }

    @Test
    void theApiKeyIsCopiedWithItsButtonAndLeavesTheScreenWhenTheWalletLocks(FxRobot robot) {
        ServeViewModel vm = new ServeViewModel(ctx);
        show(robot, () -> new ServeView(vm));
        vm.load().join();
        int port = AnvilProcess.freePort();
        robot.interact(() -> {
            vm.portProperty().set(Integer.toString(port));
            vm.passwordProperty().set(TestContexts.PASSWORD);
        });
        robot.clickOn("#serve-start");
        Await.until("serving", () -> vm.runningProperty().get() || !vm.errorProperty().get().isEmpty());
        assertThat(vm.errorProperty().get()).isEmpty();
        Await.until("the key", () -> !vm.keyProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        String key = vm.keyProperty().get();
        robot.clickOn("#serve-copy-key");
        assertThat(text(robot, "#serve-copy-key")).isEqualTo("Copied");
        assertThat(clipboard(robot)).isEqualTo(key);
        ctx.wallet().require().lock();
        Await.until("the key leaves", () -> vm.keyProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Node shown = robot.lookup("#serve-key").query();
        assertThat(shown.isVisible()).isFalse();
        assertThat(robot.lookup("#serve-key").queryAs(TextInputControl.class).getText()).isEmpty();
        robot.interact(vm::stop);
    }

    @Test
    void enterInTheNodePasswordStartsItAndTheStakeIsLockedWhileItRuns(FxRobot robot) {
        MinerViewModel vm = new MinerViewModel(ctx);
        show(robot, () -> new MinerView(vm));
        vm.load().join();
        vm.node().addAccount().join(); // the wallet's account 1: the fixture's requester, rich in POQ
        String account = f.requester().address();
        Await.until("the account", () -> vm.node().accounts().stream().anyMatch(account::equalsIgnoreCase));
        robot.interact(() -> vm.node().accountProperty().set(
                vm.node().accounts().stream().filter(account::equalsIgnoreCase).findFirst().orElseThrow()));
        assertThat(robot.lookup("#miner-stake").query().isDisabled()).isFalse();
        robot.clickOn("#miner-password").write(TestContexts.PASSWORD).type(KeyCode.ENTER);
        Await.until("the miner runs", () -> vm.node().runningProperty().get() || !vm.node().errorProperty().get().isEmpty());
        assertThat(vm.node().errorProperty().get()).isEmpty();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#miner-stake").query().isDisabled()).as("the stake while the node runs").isTrue();
        // the screen reloads its accounts (as on every visit): the running node's account stays on show, by name
        vm.load().join();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.node().accountProperty().get()).as("the running node's account after a reload").isEqualToIgnoringCase(account);
        AtomicReference<String> shown = new AtomicReference<>();
        robot.interact(() -> shown.set(robot.lookup("#miner-account").queryAs(ComboBox.class)
                .getButtonCell().getText()));
        assertThat(shown.get()).contains("Account 2");
        robot.interact(() -> vm.node().stop());
        Await.until("stopped", () -> !vm.node().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#miner-stake").query().isDisabled()).isFalse();
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.interact(() -> robot.lookup(id).queryAs(TextInputControl.class).setText(text));
    }

    private static String text(FxRobot robot, String id) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(id).queryAs(Labeled.class).getText()));
        return out.get();
    }

    private static String clipboard(FxRobot robot) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(Clipboard.getSystemClipboard().getString()));
        return out.get();
    }
}
