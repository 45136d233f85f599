package org.poq.wallet.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.network.NetworkDescriptor;
import org.poq.wallet.Account;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.TransferQuote;
import org.web3j.crypto.Keys;

/** Issue 27 items 4 and 12: the user's own accounts and the network's contracts by name, never a name without its address in a review. */
class KnownNamesTest {
    static final String SAVINGS = "0xc0620fb2b5b2e5a3b6fe2a1c1a4a6d1e6e3b3b41";
    static final String REGISTRY = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    static final String STRANGER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private final KnownNames names = KnownNames.of(List.of(new Account(Keys.toChecksumAddress(SAVINGS), "Savings", Account.Kind.HD, 1)),
            new NetworkDescriptor.Contracts("0x5fbdb2315678afecb367f032d93f642f64180aa3", REGISTRY, null, null), null);

    @Test
    void ownAccountsAndContractsAreNamedAndOthersAreChecksummedInFull() {
        assertThat(names.apply(SAVINGS.toUpperCase().replace("0X", "0x"))).isEqualTo("Savings");
        assertThat(names.apply(REGISTRY)).isEqualTo("POQ registry contract");
        assertThat(names.apply(STRANGER)).isEqualTo(Keys.toChecksumAddress(STRANGER)).hasSize(42);
    }

    @Test
    void theReviewShowsTheNameAndTheWholeChecksummedAddress() {
        TransferQuote q = new TransferQuote(STRANGER, SAVINGS, Asset.POQ, TokenAmount.parse("1000"), BigInteger.ONE,
                BigInteger.ONE, BigInteger.ONE, TokenAmount.ofWei(21_000), TokenAmount.ofWei(21_000),
                TokenAmount.parse("1000"));
        String s = q.summary(names, "ETH");
        assertThat(s).contains("To:     Savings  " + Keys.toChecksumAddress(SAVINGS))
                .contains("From:   " + Keys.toChecksumAddress(STRANGER))
                .contains("Amount: 1,000 POQ");
    }
}
