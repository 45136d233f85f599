package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.wallet.WalletView;
import org.poq.app.gui.wallet.WalletViewModel;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.ProtocolParams;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.history.Activity;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.transfer.Asset;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Issue 28, "nothing is sent without the user": after an anvil reset and a redeploy to the same
 * addresses, the wallet's confirmed transfer is gone from the chain. Refreshing the window (reads) must
 * not send it; a click on "Send again" without the password sends nothing; only with the password, the
 * user's confirmation, is it sent, and once.
 */
@ExtendWith(ApplicationExtension.class)
class SendAgainWindowTest {
    private static final String BOB = "0x00000000000000000000000000000000000b0b00";

    @TempDir
    Path dir;
    ProtocolFixture f;
    AppContext ctx;
    WalletViewModel vm;

    @Start
    void start(Stage stage) {
        f = ProtocolFixture.start(0, 0);
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(), Duration.ofHours(1));
        ctx.connection().use(f.network().descriptor());
        javafx.application.Application.setUserAgentStylesheet(org.poq.app.gui.shell.Theme.LIGHT.userAgentStylesheet());
        vm = new WalletViewModel(ctx);
        Scene scene = new Scene(new WalletView(vm), 1180, 1390);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void close() {
        ctx.close();
        f.close();
    }

    @Test
    void aTransferDroppedByAResetIsSentAgainOnlyWhenTheUserConfirmsWithThePassword(FxRobot robot) throws Exception {
        vm.refresh().join();
        robot.interact(() -> {
            vm.recipientProperty().set(BOB);
            vm.amountProperty().set("1");
            vm.assetProperty().set(Asset.NATIVE);
        });
        vm.prepareSend().join();
        robot.interact(() -> vm.sendPasswordProperty().set(TestContexts.PASSWORD));
        vm.confirmSend().join();
        assertThat(balance(BOB)).as(vm.errorProperty().get()).isEqualTo(BigInteger.TEN.pow(18));

        // the reset, and the same deployer redeploys: the same addresses on a new chain. Not within the second
        // of the first deploy: the same transactions at the same time would give block for block the same chain
        NetworkDescriptor before = f.network().descriptor();
        long deployedAt = f.chain().web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(
                BigInteger.valueOf(before.deployBlock())), false).send().getBlock().getTimestamp().longValueExact();
        Await.until("the clock passes the first deploy block's second", () -> Instant.now().getEpochSecond() > deployedAt);
        f.chain().rpc("anvil_reset");
        NetworkDescriptor again = new Deployer(f.chain(), LocalAccounts.account(0)).deploy(before.name(),
                ProtocolParams.defaults(), List.of());
        assertThat(again.contracts()).isEqualTo(before.contracts());
        String me = vm.address();
        BigInteger nonce = nonce(me);

        for (int i = 0; i < 3; i++) {
            vm.refresh().join(); // reading never sends
        }
        Await.until("the transfer is shown as dropped", () -> dropped().isPresent());
        assertThat(dropped().orElseThrow().detail()).contains("reset");
        assertThat(balance(BOB)).as("nothing was sent by reading").isZero();
        assertThat(nonce(me)).isEqualTo(nonce);

        robot.interact(() -> robot.lookup("#activity").queryAs(TableView.class).getSelectionModel().select(dropped().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(disabled(robot)).as("Send again is offered for the dropped row").isFalse();
        robot.clickOn("#send-again"); // no password: not the user's confirmation
        WaitForAsyncUtils.waitForFxEvents();
        Await.until("the window asks for the password", () -> !vm.actionPasswordErrorProperty().get().isEmpty());
        assertThat(balance(BOB)).isZero();
        assertThat(nonce(me)).isEqualTo(nonce);

        robot.interact(() -> vm.actionPasswordProperty().set(TestContexts.PASSWORD));
        robot.clickOn("#send-again");
        Await.until("sent again and paid", () -> balance(BOB).equals(BigInteger.TEN.pow(18)));
        for (int i = 0; i < 3; i++) {
            vm.refresh().join();
        }
        assertThat(balance(BOB)).as("once, never twice").isEqualTo(BigInteger.TEN.pow(18));
        assertThat(nonce(me)).isEqualTo(nonce.add(BigInteger.ONE));
    }

    private java.util.Optional<Activity.Item> dropped() {
        AtomicReference<java.util.Optional<Activity.Item>> out = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> out.set(vm.activity().stream().filter(Activity.Item::canSendAgain).findFirst()));
        WaitForAsyncUtils.waitForFxEvents();
        return out.get();
    }

    private static boolean disabled(FxRobot robot) {
        AtomicReference<Boolean> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup("#send-again").queryAs(Button.class).isDisabled()));
        return out.get();
    }

    private BigInteger balance(String address) {
        try {
            return f.chain().web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private BigInteger nonce(String address) {
        try {
            return f.chain().web3j().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
