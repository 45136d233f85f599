package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.firstrun.FirstRunViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.NetworkChoice;
import java.util.List;
import org.poq.app.gui.wallet.WalletViewModel;
import org.poq.core.AppPaths;
import org.poq.core.concurrent.UiExecutor;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.network.devnet.LocalDevnet;
import org.poq.network.testing.ProtocolFixture;

class FirstRunViewModelTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    AppContext ctx;
    FirstRunViewModel vm;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    private void open() throws Exception {
        ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct());
        vm = new FirstRunViewModel(ctx);
        Path descriptor = dir.resolve("net.json");
        f.network().descriptor().write(descriptor);
        vm.networkKindProperty().set(NetworkChoice.Kind.DESCRIPTOR_FILE);
        vm.networkValueProperty().set(descriptor.toString());
    }

    @Test
    void createsAWalletOnlyAfterTheSeedWordsAreConfirmed() throws Exception {
        open();
        vm.generatePhrase();
        assertThat(vm.words()).hasSize(12);
        java.util.List<String> paper = java.util.List.copyOf(vm.words());
        vm.passwordProperty().set(TestContexts.PASSWORD);
        vm.repeatProperty().set(TestContexts.PASSWORD);
        vm.finish().join();
        assertThat(vm.errorProperty().get()).as("no check before the words are hidden").contains("I wrote them down");

        // a second "new phrase" click only warns: the user may have written this one down
        vm.generatePhrase();
        assertThat(vm.phraseNoticeProperty().get()).contains("Click again");
        assertThat(vm.words()).containsExactlyElementsOf(paper);

        vm.wroteThemDown();
        assertThat(vm.words()).as("hidden during the check").isEmpty();
        for (int p : vm.confirmPositions()) {
            vm.confirmAnswer(p).set("wrong");
        }
        vm.finish().join();
        assertThat(vm.errorProperty().get()).containsPattern("do(es)? not match");
        assertThat(ctx.wallet().exists()).isFalse();

        for (int p : vm.confirmPositions()) {
            vm.confirmAnswer(p).set(paper.get(p - 1));
        }
        vm.finish().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.doneProperty().get()).isTrue();
        assertThat(ctx.wallet().exists()).isTrue();
        assertThat(vm.words()).as("the phrase is shown once").isEmpty();
        assertThat(ctx.settings().setupDone()).isTrue();
        assertThat(ctx.settings().network().kind()).isEqualTo(NetworkChoice.Kind.DESCRIPTOR_FILE);
    }

    @Test
    void badPasswordsAndPhrasesAreRefusedWithoutWritingAnything() throws Exception {
        open();
        vm.modeProperty().set(FirstRunViewModel.Mode.RESTORE);
        vm.restorePhraseProperty().set(TestContexts.PHRASE);
        vm.passwordProperty().set("short");
        vm.repeatProperty().set("short");
        vm.finish().join();
        assertThat(vm.errorProperty().get()).contains("at least 8");

        vm.passwordProperty().set(TestContexts.PASSWORD);
        vm.repeatProperty().set(TestContexts.PASSWORD + "x");
        vm.finish().join();
        assertThat(vm.errorProperty().get()).contains("differ");

        vm.repeatProperty().set(TestContexts.PASSWORD);
        vm.restorePhraseProperty().set("test test test test test test test test test test test test");
        vm.finish().join();
        assertThat(vm.errorProperty().get()).startsWith("The recovery phrase is not valid");
        assertThat(ctx.wallet().exists()).isFalse();
        assertThat(vm.restorePhraseProperty().get()).as("input kept").endsWith("test test");
    }

    @Test
    void anUnreachableNodeIsReportedAndLosesNothing() throws Exception {
        open();
        Path dead = dir.resolve("dead.json");
        f.network().descriptor().withRpcUrl("http://127.0.0.1:1").write(dead);
        vm.networkValueProperty().set(dead.toString());
        vm.modeProperty().set(FirstRunViewModel.Mode.RESTORE);
        vm.restorePhraseProperty().set(TestContexts.PHRASE);
        vm.passwordProperty().set(TestContexts.PASSWORD);
        vm.repeatProperty().set(TestContexts.PASSWORD);
        vm.finish().join();
        assertThat(vm.errorProperty().get()).isNotEmpty();
        assertThat(vm.doneProperty().get()).isFalse();
        assertThat(ctx.wallet().exists()).isFalse();
        assertThat(vm.restorePhraseProperty().get()).isEqualTo(TestContexts.PHRASE);
        assertThat(vm.passwordProperty().get()).isEqualTo(TestContexts.PASSWORD);

        Path good = dir.resolve("net.json");
        vm.networkValueProperty().set(good.toString());
        vm.finish().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.doneProperty().get()).isTrue();
        assertThat(ctx.wallet().require().accounts().get(0).address())
                .isEqualToIgnoringCase(f.governor().address());
        assertThat(Files.exists(ctx.wallet().file())).isTrue();
    }

    @Test
    void aMissingDescriptorFileIsNamed() throws Exception {
        open();
        vm.networkValueProperty().set(dir.resolve("nope.json").toString());
        vm.modeProperty().set(FirstRunViewModel.Mode.RESTORE);
        vm.restorePhraseProperty().set(TestContexts.PHRASE);
        vm.passwordProperty().set(TestContexts.PASSWORD);
        vm.repeatProperty().set(TestContexts.PASSWORD);
        vm.finish().join();
        assertThat(vm.errorProperty().get()).contains("no descriptor file");
    }

    @Test
    void onTheLocalDevnet_aNewWalletStartsWithTestTokensAndCanAskForMore() throws Exception {
        open();
        LocalDevnet devnet = new LocalDevnet(new AppPaths(dir.resolve("home")), List.of());
        try {
            vm.networkKindProperty().set(NetworkChoice.Kind.LOCAL_DEVNET);
            vm.generatePhrase();
            java.util.List<String> paper = java.util.List.copyOf(vm.words());
            vm.wroteThemDown();
            for (int p : vm.confirmPositions()) {
                vm.confirmAnswer(p).set(paper.get(p - 1));
            }
            vm.passwordProperty().set(TestContexts.PASSWORD);
            vm.repeatProperty().set(TestContexts.PASSWORD);
            vm.finish().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(devnet.status().running()).isTrue();
            String me = ctx.wallet().require().accounts().get(0).address();
            PoqNetwork net = ctx.connection().require();
            assertThat(net.poqBalance(me)).isEqualTo(DevnetFaucet.POQ_GRANT);
            assertThat(net.nativeBalance(me)).isEqualTo(DevnetFaucet.ETH_GRANT);

            WalletViewModel wallet = new WalletViewModel(ctx);
            wallet.refresh().join();
            assertThat(wallet.devnetProperty().get()).isTrue();
            wallet.getTestTokens().join();
            assertThat(wallet.errorProperty().get()).isEmpty();
            assertThat(wallet.statusProperty().get()).startsWith("Received 10,000 test POQ");
            assertThat(net.poqBalance(me)).isEqualTo(DevnetFaucet.POQ_GRANT.plus(DevnetFaucet.POQ_GRANT));
            assertThat(wallet.poqBalanceProperty().get()).isEqualTo("20,000 POQ");
        } finally {
            devnet.stop();
        }
    }

    @Test
    void restoreTakesAPassphraseAndFindsTheAccountsThePhraseUsed() throws Exception {
        open();
        vm.modeProperty().set(FirstRunViewModel.Mode.RESTORE);
        // pasted with a line break, a no-break space and a byte-order mark
        vm.restorePhraseProperty().set("\uFEFF" + TestContexts.PHRASE.replaceFirst(" ", "\n").replaceFirst(" ", "\u00A0"));
        vm.passwordProperty().set(TestContexts.PASSWORD);
        vm.repeatProperty().set(TestContexts.PASSWORD);
        vm.finish().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        // anvil's test accounts all hold ETH: discovery brings back more than account 1
        assertThat(ctx.wallet().require().accounts()).hasSizeGreaterThan(5);
    }

    @Test
    void aPassphraseGivesTheAccountsEveryOtherWalletDerives() throws Exception {
        open();
        vm.modeProperty().set(FirstRunViewModel.Mode.RESTORE);
        vm.discoverAccountsProperty().set(false);
        vm.restorePhraseProperty().set("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
        vm.passphraseProperty().set("TREZOR");
        vm.passwordProperty().set(TestContexts.PASSWORD);
        vm.repeatProperty().set(TestContexts.PASSWORD);
        vm.finish().join();
        assertThat(vm.errorProperty().get()).isEmpty();
        // the address ethers v6 derives (wallet/src/test/resources/ethers/passphrase-accounts.json)
        assertThat(ctx.wallet().require().accounts().get(0).address()).isEqualTo("0x9c32F71D4DB8Fb9e1A58B0a80dF79935e7256FA6");
        assertThat(vm.passphraseProperty().get()).as("not kept in the form").isEmpty();
    }
}
