package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TokenAmount;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Before signing, the contracts a network file names are checked (decision 0038). Attack on the
 * requester's money: a network file with a wrong market (a typo, or a file handed out by someone who
 * wants the approve) made `poq ask` approve 10 POQ to an address with no code and submit to it.
 */
class ContractCheckTest {
    static ProtocolFixture f;

    @TempDir
    Path dir;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private NetworkDescriptor fileWith(NetworkDescriptor.Contracts contracts) {
        NetworkDescriptor d = f.network().descriptor();
        Path file = dir.resolve("network.json");
        new NetworkDescriptor(d.name(), d.chainId(), d.rpcUrls(), contracts, d.deployBlock(), d.evaluators(), d.params())
                .write(file);
        return NetworkDescriptor.read(file);
    }

    @Test
    void aMarketAddressWithNoCodeIsRefusedBeforeAnythingIsSignedAndTheErrorNamesTheFileAndTheContract() throws Exception {
        var c = f.network().descriptor().contracts();
        String nobody = LocalAccounts.account(7).getAddress();
        NetworkDescriptor wrong = fileWith(new NetworkDescriptor.Contracts(c.token(), c.registry(), nobody, c.timelock()));
        String requester = f.requester().address();
        BigInteger nonceBefore = nonce(requester);
        try (PoqNetwork net = PoqNetwork.connect(wrong)) {
            assertThatThrownBy(() -> net.session(ProtocolFixture.credentialsOf(requester))
                    .submitTaskUndrawn(f.request(3, 3, TokenAmount.ofTokens(10))))
                    .isInstanceOf(ContractMismatchException.class)
                    .hasMessageContaining("network file " + dir.resolve("network.json").toAbsolutePath())
                    .hasMessageContaining("the market at " + nobody)
                    .hasMessageContaining("holds no contract")
                    .hasMessageContaining("nothing was signed");
        }
        assertThat(nonce(requester)).as("no approve, no submit").isEqualTo(nonceBefore);
    }

    @Test
    void aContractOfAnotherKindAtTheMarketsAddressIsRefused() {
        var c = f.network().descriptor().contracts();
        NetworkDescriptor swapped = fileWith(new NetworkDescriptor.Contracts(c.token(), c.registry(), c.registry(), c.timelock()));
        try (PoqNetwork net = PoqNetwork.connect(swapped)) {
            assertThatThrownBy(net::verifyContracts)
                    .isInstanceOf(ContractMismatchException.class)
                    .hasMessageContaining("the market at " + c.registry())
                    .hasMessageNotContaining("Exception");
        }
    }

    @Test
    void theRightFileIsAccepted() {
        try (PoqNetwork net = PoqNetwork.connect(fileWith(f.network().descriptor().contracts()))) {
            net.verifyContracts();
        }
    }

    @Test
    void aFileForAnotherChainIdNamesTheFile() {
        NetworkDescriptor d = f.network().descriptor();
        Path file = dir.resolve("other.json");
        new NetworkDescriptor(d.name(), 5, d.rpcUrls(), d.contracts(), d.deployBlock(), d.evaluators(), d.params()).write(file);
        assertThatThrownBy(() -> PoqNetwork.connect(NetworkDescriptor.read(file)))
                .hasMessageContaining("network file " + file.toAbsolutePath())
                .hasMessageContaining("serves chain 31337");
    }

    private static BigInteger nonce(String who) throws Exception {
        return f.network().chain().web3j().ethGetTransactionCount(who, DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
    }
}
