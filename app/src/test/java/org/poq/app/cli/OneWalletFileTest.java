package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.TestContexts;
import org.poq.app.gui.shell.AppContext;
import org.poq.core.AppPaths;
import org.poq.core.concurrent.UiExecutor;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.keys.WalletVault;

/** The window and `poq wallet` read and write one wallet file; an old window's wallet.json moves to it. */
class OneWalletFileTest {
    static final String FIRST_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    @TempDir
    Path home;

    @BeforeEach
    void useTempHome() {
        System.setProperty("poq.home", home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("poq.home");
    }

    @Test
    void aWalletCreatedInTheWindowIsTheCommandLinesWallet() {
        try (AppContext ctx = TestContexts.create(home, UiExecutor.direct())) {
            ctx.wallet().create(Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                    Duration.ofHours(1));
        }
        assertThat(home.resolve("keystore/wallet.vault")).exists();
        CliRun list = CliRun.of("wallet", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsIgnoringCase(FIRST_ADDRESS);
    }

    @Test
    void anEarlierWindowsWalletJsonIsMovedOnceAndBothFacesFindIt() {
        Path legacy = new AppPaths(home).keystore().resolve("wallet.json");
        WalletVault.create(legacy, Mnemonics.parse(TestContexts.PHRASE.toCharArray()), new char[0],
                TestContexts.PASSWORD.toCharArray(), 1, KdfParams.light(1024), Clock.systemUTC(), Duration.ofHours(1));
        CliRun list = CliRun.of("wallet", "list");
        assertThat(list.out()).containsIgnoringCase(FIRST_ADDRESS);
        assertThat(legacy).doesNotExist();
        assertThat(home.resolve("keystore/wallet.vault")).exists();
        try (AppContext ctx = TestContexts.create(home, UiExecutor.direct())) {
            assertThat(ctx.wallet().exists()).isTrue();
            assertThat(ctx.wallet().file()).isEqualTo(home.resolve("keystore/wallet.vault"));
        }
    }
}
