package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.InsufficientFundsException;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.WrongPasswordException;
import org.poq.wallet.testing.FundedWalletTest;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.PendingTransaction.Status;

class TransferServiceTest extends FundedWalletTest {
    static final String BOB = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(7).getAddress());

    @Test
    void sendsNativeCoinWithAQuoteWhoseFeeBoundsWhatIsPaid() {
        TokenAmount bobBefore = balances.nativeCoin(BOB);
        TransferQuote q = transfers.prepare(me, BOB.toLowerCase(), Asset.NATIVE, "1.5");
        assertThat(q.to()).isEqualTo(BOB);
        assertThat(q.gasLimit()).isEqualTo(java.math.BigInteger.valueOf(21_000));
        assertThat(q.nativeTotal()).isEqualTo(TokenAmount.parse("1.5").plus(q.maxFee()));
        assertThat(q.summary(a -> a.equals(BOB) ? "Bob" : a)).contains("From:   " + me).contains("To:     Bob  " + BOB)
                .contains("Amount: 1.5 ETH").contains("Fee:    at most " + AmountFormat.atMost(q.maxFee(), "ETH")).contains("Total:  at most");

        PendingTransaction sent = transfers.send(q, pw());
        assertThat(sent.status()).isEqualTo(Status.PENDING);
        transfers.awaitSettled(sent, WalletChainFixture.SETTLE);
        assertThat(transfers.refresh()).isEmpty();
        PendingTransaction done = transfers.transactions(me).get(0);
        assertThat(done.status()).isEqualTo(Status.CONFIRMED);
        assertThat(done.feePaid().compareTo(q.maxFee())).isLessThanOrEqualTo(0);
        assertThat(balances.nativeCoin(BOB)).isEqualTo(bobBefore.plus(TokenAmount.parse("1.5")));
        assertThat(balances.nativeCoin(me)).isEqualTo(TokenAmount.ofTokens(10).minus(TokenAmount.parse("1.5")).minus(done.feePaid()));
    }

    @Test
    void sendsAndReceivesPoq() {
        fx.fundPoq(me, 100);
        assertThat(balances.balances(me).poq()).isEqualTo(TokenAmount.ofTokens(100));
        TransferQuote q = transfers.prepare(me, BOB, Asset.POQ, "40.25");
        assertThat(q.summary()).contains("40.25 POQ");
        transfers.awaitSettled(transfers.send(q, pw()), WalletChainFixture.SETTLE);
        assertThat(transfers.transactions(me).get(0).status()).isEqualTo(Status.CONFIRMED);
        Balances after = balances.balances(me);
        assertThat(after.poq()).isEqualTo(TokenAmount.parse("59.75"));
        assertThat(after.staked()).isEqualTo(TokenAmount.ZERO);
        assertThat(balances.poq(BOB)).isEqualTo(TokenAmount.parse("40.25"));
    }

    @Test
    void invalidAddressesAndAmountsAreRejectedBeforeAnythingIsSigned() {
        String mixed = firstLetterFlipped(BOB);
        assertThatThrownBy(() -> transfers.prepare(me, mixed, Asset.NATIVE, "1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> transfers.prepare(me, "0x1234", Asset.NATIVE, "1")).hasMessageContaining("40 hex digits");
        assertThatThrownBy(() -> transfers.prepare(me, "0xZZ" + BOB.substring(4), Asset.NATIVE, "1")).hasMessageContaining("not hex");
        assertThatThrownBy(() -> transfers.prepare(me, BOB.substring(2), Asset.NATIVE, "1")).hasMessageContaining("starts with 0x");
        assertThatThrownBy(() -> transfers.prepare(me, "", Asset.NATIVE, "1")).hasMessageContaining("empty");
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.NATIVE, "abc")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.NATIVE, "-1")).isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.NATIVE, "0")).isInstanceOf(InvalidInputException.class).hasMessageContaining("more than zero");
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.NATIVE, "0.0000000000000000001")).isInstanceOf(InvalidInputException.class).hasMessageContaining("18 decimals");
        assertThatThrownBy(() -> transfers.prepare(BOB, me, Asset.NATIVE, "1")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not an account of this wallet");
        assertThat(transfers.transactions(me)).isEmpty();
    }

    private static String firstLetterFlipped(String address) {
        char[] c = address.toCharArray();
        for (int i = 2; i < c.length; i++) {
            if (Character.isLetter(c[i])) {
                c[i] = Character.isUpperCase(c[i]) ? Character.toLowerCase(c[i]) : Character.toUpperCase(c[i]);
                return new String(c);
            }
        }
        throw new IllegalStateException("no letter in " + address);
    }

    @Test
    void insufficientFundsAreCaughtInTheQuote() {
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.NATIVE, "11"))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("balance is 10 ETH");
        // The whole balance leaves nothing for the fee.
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.NATIVE, "10"))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("plus the fee");
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.POQ, "1"))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("POQ");
        fx.fundPoq(me, 5);
        fx.fundNative(me, 0);
        assertThatThrownBy(() -> transfers.prepare(me, BOB, Asset.POQ, "1"))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("fee");
    }

    @Test
    void aWrongPasswordOnSendSignsAndStoresNothing() {
        TransferQuote q = transfers.prepare(me, BOB, Asset.NATIVE, "1");
        assertThatThrownBy(() -> transfers.send(q, "wrong password!".toCharArray()))
                .isInstanceOf(WrongPasswordException.class).hasMessageNotContaining("wrong password!");
        assertThat(transfers.transactions(me)).isEmpty();
        assertThat(balances.nativeCoin(me)).isEqualTo(TokenAmount.ofTokens(10));
        // and the right password still works afterwards, with nonce 0
        assertThat(transfers.send(q, pw()).nonce()).isZero();
    }
}
