package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.WalletChain;
import org.poq.wallet.WalletException;
import org.poq.wallet.testing.FundedWalletTest;
import org.poq.wallet.testing.WalletChainFixture;

/**
 * Issue 28, "errors for wrong contract addresses don't name the network file or the contract": a network
 * file whose POQ token address holds no code made the wallet say "Empty value (0x) returned from
 * contract". Its balance and a POQ transfer now name the file and the token, and nothing is signed.
 */
class WrongTokenAddressTest extends FundedWalletTest {
    @Test
    void aTokenAddressWithNoCodeIsNamedWithTheNetworkFileAndNothingIsSigned() {
        var c = fx.descriptor.contracts();
        String nobody = LocalAccounts.account(9).getAddress();
        Path file = dir.resolve("network.json");
        NetworkDescriptor d = fx.descriptor;
        new NetworkDescriptor(d.name(), d.chainId(), d.rpcUrls(),
                new NetworkDescriptor.Contracts(nobody, c.registry(), c.market(), c.timelock()), d.deployBlock(),
                d.evaluators(), d.params()).write(file);
        try (PoqNetwork net = PoqNetwork.connect(NetworkDescriptor.read(file))) {
            WalletChain wrong = WalletChain.of(net);
            String[] expected = {"the network file " + file.toAbsolutePath(), "the POQ token at " + nobody,
                    "holds no contract on chain 31337", "nothing was signed"};
            assertThatThrownBy(() -> new BalanceService(wrong).balances(me)).isInstanceOf(WalletException.class)
                    .hasMessageContainingAll(expected).hasMessageNotContaining("Empty value").hasMessageNotContaining("0x)");
            TransferService sends = WalletChainFixture.transfers(wrong, vault, db, clock);
            assertThatThrownBy(() -> sends.prepare(me, LocalAccounts.account(7).getAddress(), Asset.POQ, "1"))
                    .isInstanceOf(WalletException.class).hasMessageContainingAll(expected);
            assertThat(sends.transactions(me)).as("nothing signed or stored").isEmpty();
        }
        assertThat(new BalanceService(fx.chain).balances(me).nativeCoin()).as("the right file still reads").isNotNull();
    }
}
