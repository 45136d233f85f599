package org.poq.wallet.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.db.Database;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.WalletChain;
import org.poq.network.chain.ChainPort.At;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.history.HistoryScanner;
import org.poq.wallet.history.HistoryStore;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.testing.TestClock;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.PendingTransaction.Status;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;

/**
 * The wallet's records know which network they belong to (decision 0037). Attack on the user's money:
 * a chain reset with a redeploy to the same addresses (the operator restarts the devnet, or a test
 * network is re-genesised) must not make a read such as `poq wallet history` replay the old chain's
 * transfers on the new one. Dropped transfers are shown as dropped, and only the user sends them again.
 */
public class NetworkResetTest {
    /** A fresh address nobody funds: whatever it holds came from this wallet. */
    public static final String BOB = Keys.toChecksumAddress("0x" + "b0b".repeat(13) + "b");

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    @Test
    void aResetAndRedeployToTheSameAddressesDropsTheOldTransfersAndReadsNeverSendThem() throws Exception {
        try (WalletChainFixture fx = WalletChainFixture.start()) {
            resetAndRedeploy(dir, clock, fx.client, fx.descriptor, "anvil_reset");
        }
    }

    /**
     * The reset scenario on any EVM node whose chain {@code resetMethod} (anvil_reset, hardhat_reset) takes
     * back to its genesis, with the contracts of {@code deployed} on it: the chain-implementation tests run
     * it on Hardhat too.
     */
    public static void resetAndRedeploy(Path dir, TestClock clock, ChainClient client, NetworkDescriptor deployed,
                                        String resetMethod) throws Exception {
        try (Database db = Database.open(dir.resolve("poq.db")); PoqNetwork first = PoqNetwork.connect(deployed)) {
            WalletChain firstChain = WalletChain.of(first);
            WalletVault vault = WalletChainFixture.newVault(dir, clock);
            String me = vault.accounts().get(0).address();
            fund(client, me);
            TransferService before = WalletChainFixture.transfers(firstChain, vault, db, clock);
            PendingTransaction confirmed = before.awaitSettled(before.send(before.prepare(me, BOB, Asset.NATIVE, "1"), pw()),
                    WalletChainFixture.SETTLE);
            assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
            client.rpc("evm_setAutomine", false);
            PendingTransaction pending = before.send(before.prepare(me, BOB, Asset.NATIVE, "2"), pw());
            assertThat(pending.status()).isEqualTo(Status.PENDING);
            NetworkIdentity old = firstChain.identity();

            // the chain is reset and the contracts redeployed by the same key: the same addresses
            client.rpc(resetMethod);
            client.rpc("evm_setAutomine", true);
            client.rpc("evm_mine"); // the deploy block of the new chain is not the old one's number
            NetworkDescriptor again = new Deployer(client, LocalAccounts.account(0)).deploy(deployed.name(),
                    ProtocolParams.defaults(), List.of());
            assertThat(again.contracts()).isEqualTo(deployed.contracts());
            fund(client, me);
            BigInteger myNonce = nonceOf(client, me);
            try (PoqNetwork net = PoqNetwork.connect(again)) {
                WalletChain chain = WalletChain.of(net);
                NetworkIdentity now = chain.identity();
                assertThat(now.key()).isNotEqualTo(old.key());
                assertThat(now.changeFrom(old)).get().asString().contains("reset");

                // reading: the settlement and the history scan, again and again
                TransferService after = WalletChainFixture.transfers(chain, vault, db, clock);
                for (int i = 0; i < 3; i++) {
                    after.refresh();
                    new HistoryScanner(chain, new HistoryStore(db, chain.chainId()), true).scan(me);
                }
                assertThat(nonce(chain, me)).as("nothing was sent from the wallet on the new chain").isEqualTo(myNonce);
                assertThat(balance(chain, BOB)).as("Bob got nothing on the new chain").isEqualTo(BigInteger.ZERO);

                List<PendingTransaction> shown = after.transactions(me);
                assertThat(shown).extracting(PendingTransaction::status).containsOnly(Status.DROPPED);
                assertThat(shown).extracting(PendingTransaction::error).allSatisfy(e -> assertThat(e).contains("reset"));
                List<HistoryEntry> history = new HistoryScanner(chain, new HistoryStore(db, chain.chainId()), true).scan(me);
                assertThat(history).extracting(HistoryEntry::txHash).doesNotContain(confirmed.hash());
                List<Activity.Item> activity = Activity.of(me, history, shown, a -> a);
                assertThat(activity).filteredOn(Activity.Item::canSendAgain).hasSize(2);

                // the user sends the 1 ETH again: a new transaction, signed now, paid once
                PendingTransaction resent = after.awaitSettled(after.sendAgain(confirmed.id(), pw()), WalletChainFixture.SETTLE);
                assertThat(resent.status()).isEqualTo(Status.CONFIRMED);
                assertThat(resent.hash()).isNotEqualTo(confirmed.hash());
                assertThat(balance(chain, BOB)).isEqualTo(BigInteger.TEN.pow(18));
                assertThat(new PendingTxStore(db, clock).byId(confirmed.id()).orElseThrow().status())
                        .as("the dropped one is not offered again").isEqualTo(Status.REPLACED);
                assertThat(Activity.of(me, List.of(), after.transactions(me), a -> a))
                        .filteredOn(Activity.Item::canSendAgain).extracting(Activity.Item::hash).containsExactly(pending.hash());
                for (int i = 0; i < 3; i++) {
                    after.refresh();
                }
                assertThat(balance(chain, BOB)).as("and never twice").isEqualTo(BigInteger.TEN.pow(18));
            }
        }
    }

    /** 10 ETH from the first test account, by a plain transfer every implementation takes. */
    private static void fund(ChainClient client, String to) throws Exception {
        Transfer.sendFunds(client.web3j(), LocalAccounts.account(0), to, BigDecimal.TEN, Convert.Unit.ETHER).send();
    }

    private static BigInteger nonceOf(ChainClient client, String who) throws Exception {
        return client.web3j().ethGetTransactionCount(who, DefaultBlockParameterName.PENDING).send().getTransactionCount();
    }

    @Test
    void anotherChainIdNeitherSeesNorTouchesTheFirstChainsTransactions() throws Exception {
        try (WalletChainFixture fx = WalletChainFixture.start(); Database db = Database.open(dir.resolve("poq.db"));
             AnvilProcess second = AnvilProcess.start(new AnvilOptions(0, 31338, null, null, 10, null));
             ChainClient client = ChainClient.connect(second.rpcUrl(), 31338)) {
            WalletVault vault = WalletChainFixture.newVault(dir, clock);
            String me = vault.accounts().get(0).address();
            fx.fundNative(me, 10);
            TransferService first = WalletChainFixture.transfers(fx.chain, vault, db, clock);
            fx.automine(false);
            PendingTransaction pending = first.send(first.prepare(me, BOB, Asset.NATIVE, "1"), pw());

            NetworkDescriptor d = new Deployer(client, LocalAccounts.account(0)).deploy("other", ProtocolParams.defaults(), List.of());
            client.rpc("anvil_setBalance", me, "0x" + BigInteger.TEN.pow(19).toString(16));
            try (PoqNetwork net = PoqNetwork.connect(d)) {
                WalletChain chain = WalletChain.of(net);
                TransferService other = WalletChainFixture.transfers(chain, vault, db, clock);
                clock.advance(Duration.ofMinutes(1));
                other.refresh();
                assertThat(other.transactions(me)).as("chain 31337's transfer is not shown on chain 31338").isEmpty();
                assertThat(nonce(chain, me)).isZero();
                assertThat(balance(chain, BOB)).isEqualTo(BigInteger.ZERO);
            }
            // back on the first chain the transfer is still pending, and is mined
            assertThat(first.transactions(me)).extracting(PendingTransaction::status).containsExactly(Status.PENDING);
            fx.mine();
            fx.automine(true);
            assertThat(first.awaitSettled(pending, WalletChainFixture.SETTLE).status()).isEqualTo(Status.CONFIRMED);
        }
    }

    private static BigInteger nonce(WalletChain chain, String who) throws Exception {
        return BigInteger.valueOf(chain.port().transactionCount(who, At.pending()));
    }

    private static BigInteger balance(WalletChain chain, String who) throws Exception {
        return chain.port().balance(who, At.pending());
    }

    private static char[] pw() {
        return WalletChainFixture.PASSWORD.toCharArray();
    }
}
