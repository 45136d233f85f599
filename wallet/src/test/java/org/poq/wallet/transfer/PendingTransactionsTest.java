package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.testing.FundedWalletTest;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.PendingTransaction.Kind;
import org.poq.wallet.transfer.PendingTransaction.Status;

/** Stuck transactions: anvil with automine off keeps them pending until the test mines a block. */
class PendingTransactionsTest extends FundedWalletTest {
    static final String BOB = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(8).getAddress());

    @BeforeEach
    void stopMining() {
        fx.automine(false);
    }

    @AfterEach
    void restartMining() {
        fx.automine(true);
    }

    @Test
    void speedUpReplacesTheStuckTransaction() {
        TokenAmount bobBefore = balances.nativeCoin(BOB);
        PendingTransaction stuck = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
        assertThat(transfers.refresh()).extracting(PendingTransaction::id).containsExactly(stuck.id());

        PendingTransaction faster = transfers.speedUp(stuck.id(), pw());
        assertThat(faster.kind()).isEqualTo(Kind.SPEED_UP);
        assertThat(faster.replaces()).isEqualTo(stuck.id());
        assertThat(faster.nonce()).isEqualTo(stuck.nonce());
        assertThat(faster.maxPriorityFeePerGas()).isGreaterThan(stuck.maxPriorityFeePerGas());
        assertThat(faster.hash()).isNotEqualTo(stuck.hash());

        fx.mine();
        assertThat(transfers.refresh()).isEmpty();
        assertThat(transfers.transactions(me)).extracting(PendingTransaction::status)
                .containsExactly(Status.REPLACED, Status.CONFIRMED);
        assertThat(balances.nativeCoin(BOB)).isEqualTo(bobBefore.plus(TokenAmount.ofTokens(1)));
    }

    @Test
    void awaitSettledGivesUpAtItsLimitAndReturnsTheOutcomeOnceMined() {
        PendingTransaction stuck = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
        assertThat(transfers.awaitSettled(stuck, Duration.ofMillis(300)).status()).isEqualTo(Status.PENDING);
        fx.mine();
        assertThat(transfers.awaitSettled(stuck, Duration.ofSeconds(10)).status()).isEqualTo(Status.CONFIRMED);
    }

    @Test
    void cancelSendsNothingToTheRecipient() {
        TokenAmount bobBefore = balances.nativeCoin(BOB);
        PendingTransaction stuck = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "2"), pw());
        PendingTransaction cancel = transfers.cancel(stuck.id(), pw());
        assertThat(cancel.recipient()).isEqualToIgnoringCase(me);
        fx.mine();
        transfers.refresh();
        assertThat(transfers.transactions(me)).extracting(PendingTransaction::status)
                .containsExactly(Status.REPLACED, Status.CONFIRMED);
        assertThat(balances.nativeCoin(BOB)).isEqualTo(bobBefore);
        PendingTransaction done = transfers.transactions(me).get(1);
        assertThat(balances.nativeCoin(me)).isEqualTo(TokenAmount.ofTokens(10).minus(done.feePaid()));
        assertThatThrownBy(() -> transfers.speedUp(stuck.id(), pw()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("replaced");
    }

    @Test
    void aPendingTransactionSurvivesARestartAndKeepsItsNonce_andOneTheNodeForgetsIsSentAgainOnlyByTheUser() {
        PendingTransaction first = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
        db.close();

        // The application restarts: new database connection, new services, the wallet reopened.
        db = Database.open(dir.resolve("poq.db"));
        WalletVault reopened = WalletVault.open(vault.file(), clock, java.time.Duration.ofMinutes(5));
        reopened.unlock(pw());
        TransferService after = WalletChainFixture.transfers(fx.chain, reopened, db, clock);
        assertThat(after.open()).extracting(PendingTransaction::hash).containsExactly(first.hash());

        // The node forgets it (as a restarted node or an evicting mempool would).
        fx.client.rpc("anvil_dropTransaction", first.hash());
        PendingTransaction second = after.send(after.prepare(me, BOB, Asset.NATIVE, "1"), pw());
        assertThat(second.nonce()).isEqualTo(first.nonce() + 1);

        // A refresh only reads: once the node has not known it for a while, the forgotten one is shown as
        // dropped (never re-sent by itself), and the second waits behind the nonce gap.
        assertThat(after.refresh()).hasSize(2);
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(after.refresh()).extracting(PendingTransaction::hash).containsExactly(second.hash());
        PendingTransaction dropped = after.transactions(me).get(0);
        assertThat(dropped.status()).isEqualTo(Status.DROPPED);

        // The user sends it again: its nonce is free, so the new transaction takes it and fills the gap.
        PendingTransaction again = after.sendAgain(dropped.id(), pw());
        assertThat(again.nonce()).isEqualTo(first.nonce());
        fx.mine();
        assertThat(after.refresh()).isEmpty();
        assertThat(after.transactions(me)).extracting(PendingTransaction::status)
                .containsExactly(Status.REPLACED, Status.CONFIRMED, Status.CONFIRMED);
    }
}
