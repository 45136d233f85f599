package org.poq.wallet.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.db.Database;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.BalanceService;
import org.poq.wallet.transfer.TransferService;

/**
 * One anvil chain per test class; per test a fresh vault whose first account holds 10 ETH, its
 * database, and the transfer and balance services over them.
 */
public abstract class FundedWalletTest {
    protected static WalletChainFixture fx;

    @TempDir
    protected Path dir;
    protected final TestClock clock = new TestClock();
    protected Database db;
    protected WalletVault vault;
    protected String me;
    protected TransferService transfers;
    protected BalanceService balances;

    @BeforeAll
    static void startChain() {
        fx = WalletChainFixture.start();
    }

    @AfterAll
    static void stopChain() {
        fx.close();
    }

    @BeforeEach
    void fundedWallet() {
        db = Database.open(dir.resolve("poq.db"));
        vault = WalletChainFixture.newVault(dir, clock);
        me = vault.accounts().get(0).address();
        fx.fundNative(me, 10);
        transfers = WalletChainFixture.transfers(fx.chain, vault, db, clock);
        balances = new BalanceService(fx.chain);
    }

    @AfterEach
    void closeDb() {
        db.close();
    }

    protected static char[] pw() {
        return WalletChainFixture.PASSWORD.toCharArray();
    }
}
