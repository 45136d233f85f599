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
        assertThat(vm.recipientErrorProperty().get()).contains("40 hex digits");
        assertThat(vm.quoteProperty().get()).isNull();
        assertThat(vm.recipientProperty().get()).isEqualTo("0x1234");

        vm.recipientProperty().set(f.bystander());
        assertThat(vm.recipientErrorProperty().get()).as("a stale message goes when the field changes").isEmpty();
        vm.amountProperty().set("five");
        vm.prepareSend().join();
        assertThat(vm.amountErrorProperty().get()).contains("Invalid amount").contains("not a number");
        assertThat(vm.recipientErrorProperty().get()).isEmpty();

        vm.amountProperty().set("1,000,000,000,000");
        vm.prepareSend().join();
        assertThat(vm.amountErrorProperty().get()).contains("insufficient funds");

        vm.recipientProperty().set("nobody-i-know");
        vm.amountProperty().set("1");
        vm.prepareSend().join();
        assertThat(vm.recipientErrorProperty().get()).contains("No contact named").contains("starts with 0x");
        assertThat(vm.errorProperty().get()).isEmpty();
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
        assertThat(vm.sendPasswordErrorProperty().get()).isEqualTo("Wrong password.");
        assertThat(vm.quoteProperty().get()).as("the quote stays for another try").isNotNull();
        assertThat(f.network().poqBalance(to)).isEqualTo(before);

        vm.sendPasswordProperty().set(TestContexts.PASSWORD);
        vm.confirmSend().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Sent 12.5 POQ").endsWith(": confirmed");
        assertThat(f.network().poqBalance(to)).isEqualTo(before.plus(TokenAmount.parse("12.5")));
        assertThat(vm.history()).isNotEmpty();
        assertThat(vm.activity()).anySatisfy(i -> {
            assertThat(i.status()).isEqualTo(org.poq.wallet.history.Activity.Status.CONFIRMED);
            assertThat(i.what()).isEqualTo("sent");
            assertThat(i.nonce()).isNotNull();
        });
        assertThat(vm.activity()).anySatisfy(i -> assertThat(i.what()).isEqualTo("fee"));
    }

    @Test
    void contactsAreUsableAsRecipients() {
        vm.contactNameProperty().set("Treasury");
        vm.contactAddressProperty().set("0xnot");
        vm.addContact().join();
        assertThat(vm.contactAddressErrorProperty().get()).contains("40 hex digits");
        vm.contactAddressProperty().set(f.bystander());
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
        assertThat(vm.unlockPasswordErrorProperty().get()).isEqualTo("Wrong password.");
        assertThat(vm.lockedProperty().get()).isTrue();
        vm.unlockPasswordProperty().set(TestContexts.PASSWORD);
        vm.unlock().join();
        assertThat(vm.lockedProperty().get()).isFalse();
    }

    @Test
    void switchesAccountsShowsEachBalanceAndFundsAnyAccountOnTheDevnet() {
        vm.newAccountNameProperty().set("Validator");
        vm.addAccount().join();
        assertThat(vm.accounts()).hasSize(2);
        WalletViewModel.AccountRow second = vm.accounts().get(1);
        assertThat(second.label()).isEqualTo("Validator");
        assertThat(vm.addressProperty().get()).as("switched to the new account").isEqualTo(second.address());
        assertThat(vm.accounts().get(0).balances()).contains("POQ").contains("ETH");
        vm.getTestTokens().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).contains("on Validator");
        assertThat(f.network().poqBalance(second.address()).isZero()).isFalse();
        vm.selectedAccountProperty().set(vm.accounts().get(0));
        vm.refresh().join();
        assertThat(vm.addressProperty().get()).isEqualToIgnoringCase(f.governor().address());
    }

    /** Attack on the user by a slip: a POQ transfer to the registry looks like a stake but is lost. */
    @Test
    void aSendToTheRegistryWarnsAndNeedsAnExplicitYes() {
        vm.recipientProperty().set(f.network().descriptor().contracts().registry());
        vm.amountProperty().set("3");
        vm.prepareSend().join();
        assertThat(vm.warningProperty().get()).contains("NOT a stake");
        vm.sendPasswordProperty().set(TestContexts.PASSWORD);
        vm.confirmSend().join();
        assertThat(vm.errorProperty().get()).contains("Send anyway");
        assertThat(vm.quoteProperty().get()).isNotNull();
    }

    @Test
    void theRecoveryPhraseAndKeystoresSitBehindThePassword() throws Exception {
        vm.backupPasswordProperty().set("wrong password");
        vm.revealPhrase().join();
        assertThat(vm.backupPasswordErrorProperty().get()).isEqualTo("Wrong password.");
        assertThat(vm.revealedWords()).isEmpty();
        vm.backupPasswordProperty().set(TestContexts.PASSWORD);
        vm.revealPhrase().join();
        assertThat(String.join(" ", vm.revealedWords())).isEqualTo(TestContexts.PHRASE);
        vm.hidePhrase();

        vm.backupPasswordProperty().set(TestContexts.PASSWORD);
        vm.exportPasswordProperty().set("short");
        vm.exportFolderProperty().set(dir.resolve("export").toString());
        vm.exportKeystore().join();
        assertThat(vm.exportPasswordErrorProperty().get()).contains("At least 8");
        vm.backupPasswordProperty().set(TestContexts.PASSWORD);
        vm.exportPasswordProperty().set("export password");
        vm.exportRepeatProperty().set("export password"); // the file's password is typed twice
        vm.exportKeystore().join();
        assertThat(vm.backupStatusProperty().get()).startsWith("Wrote ");
        Path file;
        try (var files = java.nio.file.Files.list(dir.resolve("export"))) {
            file = files.findFirst().orElseThrow();
        }
        // the exported account is already in the wallet: importing it again is refused next to the field
        vm.importFileProperty().set(file.toString());
        vm.importPasswordProperty().set("export password");
        vm.importKeystore().join();
        assertThat(vm.importFileErrorProperty().get()).contains("already in this wallet");
        vm.importPasswordProperty().set("not it");
        vm.importKeystore().join();
        assertThat(vm.importPasswordErrorProperty().get()).contains("Wrong password");
    }

    @Test
    void theScreenLocksWhenTheWalletLocksItselfAndDropsTypedSecrets() throws Exception {
        vm.sendPasswordProperty().set("typed but not used");
        var latch = new java.util.concurrent.CountDownLatch(1);
        ctx.wallet().require().onLock(latch::countDown);
        ctx.wallet().require().setIdleTimeout(java.time.Duration.ofMillis(200));
        assertThat(latch.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(vm.lockedProperty().get()).isTrue();
        assertThat(vm.sendPasswordProperty().get()).isEmpty();
    }

    @Test
    void aRefreshBeforeTheConnectionLeavesNoStaleErrorAndRacingRefreshesAgree() {
        // the window opens the Wallet screen at start-up while it still connects in the background
        try (AppContext fresh = TestContexts.create(dir.resolve("restart"), org.poq.core.concurrent.UiExecutor.direct())) {
            fresh.wallet().create(org.poq.wallet.keys.Mnemonics.parse(TestContexts.PHRASE.toCharArray()),
                    TestContexts.PASSWORD.toCharArray(), java.time.Duration.ofHours(1));
            WalletViewModel early = new WalletViewModel(fresh);
            early.refresh().join();
            assertThat(early.errorProperty().get()).isEqualTo("not connected to a network yet");
            fresh.connection().use(f.network().descriptor());
            // the first open raced two refreshes (screen shown + connected) over one history scanner
            java.util.List<java.util.concurrent.CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(early.refresh());
            }
            all.forEach(java.util.concurrent.CompletableFuture::join);
            assertThat(early.errorProperty().get()).as("no stale 'not connected' under a connected status bar").isEmpty();
            assertThat(early.poqBalanceProperty().get()).endsWith(" POQ");
        }
    }
}
