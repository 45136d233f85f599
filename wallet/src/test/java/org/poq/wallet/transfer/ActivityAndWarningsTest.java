package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.network.chain.RevertReasons;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.Amounts;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.NativeCurrency;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.AddressBook;
import org.poq.wallet.history.HistoryScanner;
import org.poq.wallet.history.HistoryStore;
import org.poq.wallet.testing.FundedWalletTest;
import org.poq.wallet.testing.WalletChainFixture;

/** The activity list, recipient warnings, revert reasons and amount input against a real anvil chain. */
class ActivityAndWarningsTest extends FundedWalletTest {
    static final String BOB = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(8).getAddress());

    private List<Activity.Item> activity() {
        AddressBook book = new AddressBook(db);
        var history = new HistoryScanner(fx.chain, new HistoryStore(db, fx.chain.chainId()), true).scan(me);
        return Activity.of(me, history, transfers.transactions(me), book::display);
    }

    @Test
    void pendingSpedUpAndCancelledTransactionsAllShowWithNonceHashAndName() {
        new AddressBook(db).put(BOB, "Bob");
        fx.automine(false);
        try {
            PendingTransaction a = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw());
            List<Activity.Item> pending = activity();
            assertThat(pending).first().satisfies(i -> {
                assertThat(i.status()).isEqualTo(Activity.Status.PENDING);
                assertThat(i.canReplace()).isTrue();
                assertThat(i.nonce()).isEqualTo(a.nonce());
                assertThat(i.hash()).isEqualTo(a.hash());
                assertThat(i.counterpartyName()).isEqualTo("Bob");
                assertThat(i.time()).isNotNull();
            });
            PendingTransaction faster = transfers.speedUp(a.id(), pw());
            fx.mine();
            transfers.refresh();
            PendingTransaction b = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "2"), pw());
            transfers.cancel(b.id(), pw());
            fx.mine();
            transfers.refresh();
            List<Activity.Item> all = activity();
            assertThat(all).anySatisfy(i -> {
                assertThat(i.hash()).isEqualTo(a.hash());
                assertThat(i.status()).isEqualTo(Activity.Status.REPLACED);
                assertThat(i.detail()).contains(faster.hash());
            });
            assertThat(all).anySatisfy(i -> {
                assertThat(i.hash()).isEqualTo(faster.hash());
                assertThat(i.status()).isEqualTo(Activity.Status.CONFIRMED);
                assertThat(i.what()).isEqualTo("sent");
                assertThat(i.asset()).isEqualTo(Asset.NATIVE);
                assertThat(i.counterpartyName()).isEqualTo("Bob");
                assertThat(i.nonce()).isEqualTo(a.nonce());
            });
            assertThat(all).anySatisfy(i -> {
                assertThat(i.hash()).isEqualTo(b.hash());
                assertThat(i.status()).isEqualTo(Activity.Status.CANCELLED);
            });
            assertThat(all).anySatisfy(i -> assertThat(i.what()).isEqualTo("cancel"));
            assertThat(all).filteredOn(i -> i.what().equals("fee")).hasSizeGreaterThanOrEqualTo(1);
            assertThat(all).noneMatch(Activity.Item::canReplace);
        } finally {
            fx.automine(true);
        }
    }

    /** The window scanned logs only and moved the shared cursor; the CLI's full scan then skipped the native coin. */
    @Test
    void aLogsOnlyScanCannotHideNativeMovesFromAFullScan() {
        transfers.awaitSettled(transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "1"), pw()), WalletChainFixture.SETTLE);
        HistoryStore store = new HistoryStore(db, fx.chain.chainId());
        new HistoryScanner(fx.chain, store, false).scan(me);
        var full = new HistoryScanner(fx.chain, store, true).scan(me);
        assertThat(full).anySatisfy(e -> assertThat(e.asset()).isEqualTo(Asset.NATIVE));
    }

    @Test
    void sendsToTheZeroAddressOrTheNetworksContractsWarn() {
        RecipientCheck check = new RecipientCheck(fx.chain);
        assertThat(check.warnings(BOB, me)).isEmpty();
        assertThat(check.warnings("0x0000000000000000000000000000000000000000", me)).singleElement().asString().contains("zero address");
        assertThat(check.warnings(fx.chain.token(), me)).singleElement().asString().contains("token contract");
        assertThat(check.warnings(fx.chain.registry(), me)).singleElement().asString().contains("NOT a stake");
        assertThat(check.warnings(fx.chain.market(), me)).singleElement().asString().contains("task market");
        assertThat(check.warnings(me, me)).singleElement().asString().contains("sending account itself");
    }

    /** The node reported `custom error 0xec442f05:` and NUL bytes; the user must read the error's name and meaning. */
    @Test
    void aTokenRevertIsDecodedByNameWithoutNulBytes() {
        fx.fundPoq(me, 5);
        assertThatThrownBy(() -> transfers.prepare(me, "0x0000000000000000000000000000000000000000", Asset.POQ, "1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ERC20InvalidReceiver")
                .hasMessageNotContaining("\u0000").hasMessageNotContaining("0xec442f05");
        String raw = "execution reverted: custom error 0xe450d38c: \u0000\u0000";
        String data = "0xe450d38c" + "000000000000000000000000" + BOB.substring(2).toLowerCase()
                + "0000000000000000000000000000000000000000000000000de0b6b3a7640000"
                + "0000000000000000000000000000000000000000000000001bc16d674ec80000";
        assertThat(RevertReasons.describe(raw, data)).isEqualTo("execution reverted: ERC20InsufficientBalance: "
                + BOB + " holds 1 POQ but 2 POQ are needed");
        assertThat(RevertReasons.describe("execution reverted: custom error 0x12345678: \u0000\u0001", null))
                .doesNotContain("\u0000").contains("0x12345678");
    }

    @Test
    void accountDiscoveryFindsAUsedSecondAndFourthAccountAfterARestore() {
        List<String> next = vault.hdAddresses(1, 4);
        fx.fundPoq(next.get(0), 3); // account 2: POQ only
        fx.fundNative(next.get(2), 1); // account 4: ETH only
        int found = new AccountDiscovery(fx.chain).discover(vault, AccountDiscovery.DEFAULT_GAP);
        assertThat(found).isEqualTo(4);
        assertThat(vault.accounts()).extracting(org.poq.wallet.Account::address).containsSubsequence(me, next.get(0), next.get(2));
    }

    @Test
    void amountsAreReadInTheFormatTheyAreShownIn() {
        assertThat(Amounts.parse("1,000")).isEqualTo(TokenAmount.ofTokens(1000));
        assertThat(Amounts.parse("10,000.5").toPlainString()).isEqualTo("10000.5");
        assertThatThrownBy(() -> Amounts.parse("1,5")).hasMessageContaining("use a dot for decimals");
        assertThatThrownBy(() -> Amounts.parse("-3")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Amounts.parse("12abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Amounts.parse("")).hasMessageContaining("enter an amount");
        assertThat(NativeCurrency.parseAsset("eth", 31337)).isEqualTo(Asset.NATIVE);
        assertThat(NativeCurrency.parseAsset("NATIVE", 31337)).isEqualTo(Asset.NATIVE);
        assertThatThrownBy(() -> NativeCurrency.parseAsset("BTC", 31337)).hasMessageContaining("use POQ or ETH");
    }
}
