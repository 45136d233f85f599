package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.gui.wallet.WalletViewModel;
import org.poq.core.TokenAmount;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.transfer.Asset;

class WalletViewModelTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    AppContext ctx;
    WalletViewModel vm;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void open() {
        ctx = TestContexts.withWallet(dir, f.network().descriptor());
        vm = new WalletViewModel(ctx);
        vm.refresh().join();
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void showsBalancesAndTheReceiveAddress() {
        assertThat(vm.addressProperty().get()).isEqualToIgnoringCase(f.governor().address());
        assertThat(vm.poqBalanceProperty().get()).endsWith(" POQ").isNotEqualTo("0.0000 POQ");
        assertThat(vm.lockedProperty().get()).isFalse();
    }

    @Test
    void badInputIsExplainedAndKept() {
        vm.recipientProperty().set("0x1234");
        vm.amountProperty().set("5");
        vm.prepareSend().join();
        assertThat(vm.errorProperty().get()).contains("40 hex digits");
        assertThat(vm.quoteProperty().get()).isNull();
        assertThat(vm.recipientProperty().get()).isEqualTo("0x1234");

        vm.recipientProperty().set(f.treasury());
        vm.amountProperty().set("five");
        vm.prepareSend().join();
        assertThat(vm.errorProperty().get()).contains("invalid amount");

        vm.amountProperty().set("1000000000000");
        vm.prepareSend().join();
        assertThat(vm.errorProperty().get()).contains("insufficient funds");

        vm.recipientProperty().set("nobody-i-know");
        vm.amountProperty().set("1");
        vm.prepareSend().join();
        assertThat(vm.errorProperty().get()).contains("starts with 0x");
    }

    @Test
    void sendsPoqAfterConfirmationWithThePassword() {
        String to = f.newAccount().address();
        TokenAmount before = f.network().poqBalance(to);
        vm.recipientProperty().set(to);
        vm.amountProperty().set("12.5");
        vm.assetProperty().set(Asset.POQ);
        vm.prepareSend().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.quoteTextProperty().get()).contains("12.5 POQ", "Fee:");

        vm.sendPasswordProperty().set("not the password");
        vm.confirmSend().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Wrong password.");
        assertThat(vm.quoteProperty().get()).as("the quote stays for another try").isNotNull();
        assertThat(f.network().poqBalance(to)).isEqualTo(before);

        vm.sendPasswordProperty().set(TestContexts.PASSWORD);
        vm.confirmSend().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Sent 12.5 POQ").endsWith(": confirmed");
        assertThat(f.network().poqBalance(to)).isEqualTo(before.plus(TokenAmount.parse("12.5")));
        assertThat(vm.history()).isNotEmpty();
    }

    @Test
    void contactsAreUsableAsRecipients() {
        vm.contactNameProperty().set("Treasury");
        vm.contactAddressProperty().set("0xnot");
        vm.addContact().join();
        assertThat(vm.errorProperty().get()).contains("40 hex digits");
        vm.contactAddressProperty().set(f.treasury());
        vm.addContact().join();
        assertThat(vm.contacts()).extracting(WalletViewModel.Contact::name).contains("Treasury");
        vm.recipientProperty().set("Treasury");
        vm.amountProperty().set("1");
        vm.prepareSend().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.quoteTextProperty().get()).contains("To:     Treasury");
    }

    @Test
    void locksAndRefusesAWrongPassword() {
        vm.lock().join();
        assertThat(vm.lockedProperty().get()).isTrue();
        vm.unlockPasswordProperty().set("wrong password");
        vm.unlock().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Wrong password.");
        assertThat(vm.lockedProperty().get()).isTrue();
        vm.unlockPasswordProperty().set(TestContexts.PASSWORD);
        vm.unlock().join();
        assertThat(vm.lockedProperty().get()).isFalse();
    }
}
