package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.testing.FundedWalletTest;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.PendingTransaction.Status;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A transfer on a chain that reorganises (anvil_reorg drops the block that held it) and a key that is
 * also used by another wallet (MetaMask with the same phrase) that spends the same nonce.
 */
class ReorgedTransferTest extends FundedWalletTest {
    static final String BOB = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(9).getAddress());

    @Test
    void aConfirmedTransferWhoseBlockIsDroppedIsShownAsDroppedAndSentAgainOnlyByTheUser() {
        TokenAmount bobBefore = balances.nativeCoin(BOB);
        PendingTransaction sent = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
        assertThat(transfers.awaitSettled(sent, Duration.ofSeconds(10)).status()).isEqualTo(Status.CONFIRMED);

        fx.client.rpc("anvil_reorg", 1, java.util.List.of()); // the block with the transfer is replaced by an empty one
        assertThat(balances.nativeCoin(BOB)).as("the chain no longer has the transfer").isEqualTo(bobBefore);

        // a restart: a new service over the same database; its reads never send
        TransferService restarted = WalletChainFixture.transfers(fx.chain, vault, db, clock);
        restarted.refresh();
        restarted.refresh();
        PendingTransaction dropped = restarted.transactions(me).get(0);
        assertThat(dropped.status()).as("not shown as final while its block is gone").isEqualTo(Status.DROPPED);
        assertThat(dropped.error()).contains("reorganisation");
        assertThat(balances.nativeCoin(BOB)).as("nothing was sent by a read").isEqualTo(bobBefore);

        // the user sends it again: on the same network its nonce is still free, so it takes the same one
        PendingTransaction again = restarted.awaitSettled(restarted.sendAgain(dropped.id(), pw()), Duration.ofSeconds(10));
        assertThat(again.status()).isEqualTo(Status.CONFIRMED);
        assertThat(again.nonce()).as("the same nonce: the old and the new one cannot both be mined").isEqualTo(sent.nonce());
        assertThat(balances.nativeCoin(BOB)).isEqualTo(bobBefore.plus(TokenAmount.ofTokens(1)));
    }

    @Test
    void aNonceSpentByAnotherWalletWithTheSameKeyIsRecognisedAsReplaced() throws Exception {
        fx.automine(false);
        try {
            PendingTransaction mine = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
            // the same key in another wallet sends something else with the same nonce and a higher fee
            RawTransaction other = RawTransaction.createEtherTransaction(fx.chain.chainId(), BigInteger.valueOf(mine.nonce()),
                    BigInteger.valueOf(21_000), me, BigInteger.ONE, mine.maxPriorityFeePerGas().multiply(BigInteger.TWO),
                    mine.maxFeePerGas().multiply(BigInteger.TWO));
            String raw = vault.withCredentials(me, pw(), (Credentials sameKey) ->
                    Numeric.toHexString(TransactionEncoder.signMessage(other, sameKey)));
            assertThat(fx.client.web3j().ethSendRawTransaction(raw).send().hasError()).isFalse();
            fx.mine();
        } finally {
            fx.automine(true);
        }
        transfers.refresh();
        PendingTransaction after = transfers.transactions(me).get(0);
        assertThat(after.status()).isEqualTo(Status.REPLACED);
        assertThat(after.error()).isEqualTo("another transaction used this nonce");
    }
}
