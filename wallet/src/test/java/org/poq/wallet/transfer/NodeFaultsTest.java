package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.chain.ChainClient;
import org.poq.network.chain.ChainPort;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.wallet.WalletChain;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.testing.CuttableRpcProxy;
import org.poq.wallet.testing.TestClock;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.PendingTransaction.Status;
import org.web3j.crypto.Keys;

/** The node goes away in the middle of a send. */
class NodeFaultsTest {
    static final String BOB = Keys.toChecksumAddress(LocalAccounts.account(9).getAddress());

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    private static char[] pw() {
        return WalletChainFixture.PASSWORD.toCharArray();
    }

    @Test
    void nodeStoppedAfterTheQuote_sendFailsClearlyAndNothingIsLost() {
        WalletChainFixture fx = WalletChainFixture.start();
        try (Database db = Database.open(dir.resolve("poq.db"))) {
            WalletVault vault = WalletChainFixture.newVault(dir, clock);
            String me = vault.accounts().get(0).address();
            fx.fundNative(me, 5);
            TransferService transfers = WalletChainFixture.transfers(fx.chain, vault, db, clock);
            PendingTransaction earlier = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
            TransferQuote q = transfers.prepare(me, BOB, Asset.NATIVE, "2");

            fx.anvil.close();

            assertThatThrownBy(() -> transfers.send(q, pw()))
                    .isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("connection refused")
                    .hasMessageContaining("nothing was sent")
                    .satisfies(e -> assertThat(((NodeUnreachableException) e).outcomeUnknown()).isFalse());
            assertThatThrownBy(transfers::refresh).isInstanceOf(NodeUnreachableException.class);
            // The earlier record is untouched and no half-made record appeared.
            assertThat(transfers.transactions(me)).singleElement()
                    .satisfies(p -> {
                        assertThat(p.hash()).isEqualTo(earlier.hash());
                        assertThat(p.status()).isEqualTo(Status.PENDING);
                    });
            assertThat(vault.isUnlocked()).isTrue();
        } finally {
            fx.close();
        }
    }

    @Test
    void connectionCutDuringBroadcast_theSignedTxIsKeptAndSentOnceTheNodeAnswers() throws Exception {
        try (WalletChainFixture fx = WalletChainFixture.start();
             CuttableRpcProxy proxy = new CuttableRpcProxy(fx.anvil.rpcUrl());
             ChainClient viaProxy = ChainClient.connect(proxy.url(), 31337);
             Database db = Database.open(dir.resolve("poq.db"))) {
            WalletVault vault = WalletChainFixture.newVault(dir, clock);
            String me = vault.accounts().get(0).address();
            fx.fundNative(me, 5);
            TokenAmount bobBefore = new BalanceService(fx.chain).nativeCoin(BOB);
            WalletChain flaky = new WalletChain(ChainPort.over(viaProxy), fx.chain.chainId(), fx.chain.token(), fx.chain.registry(),
                    fx.chain.market(), fx.chain.startBlock());
            TransferService transfers = WalletChainFixture.transfers(flaky, vault, db, clock);
            TransferQuote q = transfers.prepare(me, BOB, Asset.NATIVE, "1.25");

            proxy.cut("eth_sendRawTransaction");
            assertThatThrownBy(() -> transfers.send(q, pw()))
                    .isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("may have been sent")
                    .satisfies(e -> assertThat(((NodeUnreachableException) e).outcomeUnknown()).isTrue());
            assertThat(proxy.cuts()).isPositive();
            PendingTransaction kept = transfers.transactions(me).get(0);
            assertThat(kept.status()).isEqualTo(Status.SIGNED);
            assertThat(kept.nonce()).isZero();

            // Still cut: a second attempt must not take a new nonce for the same money.
            assertThat(new NonceTracker(ChainPort.over(viaProxy), () -> fx.chain.identity().key(), new PendingTxStore(db, clock)).next(me)).isEqualTo(1);

            // The connection is back (the app reconnects directly): a refresh only reads (it sends nothing);
            // the send's own wait finishes the broadcast with the same signed bytes, once.
            WalletVault same = WalletVault.open(vault.file(), clock, Duration.ofMinutes(5));
            TransferService healed = WalletChainFixture.transfers(fx.chain, same, db, clock);
            assertThat(healed.refresh()).extracting(PendingTransaction::status).containsExactly(Status.SIGNED);
            assertThat(new BalanceService(fx.chain).nativeCoin(BOB)).isEqualTo(bobBefore);
            healed.awaitSettled(kept, WalletChainFixture.SETTLE);
            assertThat(healed.refresh()).isEmpty();
            assertThat(healed.transactions(me)).extracting(PendingTransaction::status).containsExactly(Status.CONFIRMED);
            assertThat(new BalanceService(fx.chain).nativeCoin(BOB)).isEqualTo(bobBefore.plus(TokenAmount.parse("1.25")));
        }
    }
}
