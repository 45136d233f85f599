package org.poq.wallet.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.ProtocolParams;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.Round;
import org.poq.network.testing.RpcFaultProxy;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.WalletChain;
import org.poq.wallet.history.HistoryEntry.Direction;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.testing.TestClock;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.TransferService;
import org.web3j.crypto.Keys;
import org.poq.network.chain.ChainClient;
import org.poq.network.chain.ChainPort;

class HistoryTest {
    static final String BOB = Keys.toChecksumAddress(LocalAccounts.account(5).getAddress());

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    @Test
    void transfersFeesStakesAndUnstakesWithReasonsAndNamesInTheCsv() throws Exception {
        try (WalletChainFixture fx = WalletChainFixture.start(); Database db = Database.open(dir.resolve("poq.db"))) {
            WalletVault vault = WalletChainFixture.newVault(dir, clock);
            String me = vault.accounts().get(0).address();
            char[] pw = WalletChainFixture.PASSWORD.toCharArray();
            // in: ETH from a devnet account (a real transaction, not a balance edit) and POQ from the deployer
            fx.client.transactionManager(LocalAccounts.account(3)).sendTransaction(BigInteger.ONE, BigInteger.valueOf(21_000),
                    me, "", TokenAmount.ofTokens(5).wei());
            fx.fundPoq(me, 5_000);
            // out: POQ and ETH to Bob through the wallet
            TransferService transfers = WalletChainFixture.transfers(fx.chain, vault, db, clock);
            PendingTransaction poq = transfers.send(transfers.prepare(me, BOB, Asset.POQ, "12.5"), pw.clone());
            PendingTransaction eth = transfers.send(transfers.prepare(me, BOB, Asset.NATIVE, "0.25"), pw.clone());
            transfers.awaitSettled(poq, WalletChainFixture.SETTLE);
            transfers.awaitSettled(eth, WalletChainFixture.SETTLE);
            assertThat(transfers.refresh()).isEmpty();
            // stake and unstake in the registry with the wallet's key
            TokenAmount stake = TokenAmount.ofWei(ProtocolParams.defaults().minStakeWei());
            vault.withCredentials(me, pw.clone(), c -> fx.network.session(c).registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, stake));
            vault.withCredentials(me, pw.clone(), c -> fx.network.session(c).requestUnstake(stake));
            fx.client.rpc("evm_increaseTime", ProtocolParams.defaults().unbondingDelaySeconds() + 1);
            fx.mine();
            vault.withCredentials(me, pw.clone(), c -> fx.network.session(c).withdraw());

            HistoryStore store = new HistoryStore(db, fx.chain.chainId());
            HistoryScanner scanner = new HistoryScanner(fx.chain, store, true);
            List<HistoryEntry> h = scanner.scan(me);

            assertThat(h).filteredOn(e -> e.kind() != HistoryKind.FEE).extracting(HistoryEntry::kind, HistoryEntry::asset, HistoryEntry::amount)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(HistoryKind.TRANSFER_IN, Asset.NATIVE, TokenAmount.ofTokens(5)),
                            org.assertj.core.groups.Tuple.tuple(HistoryKind.TRANSFER_IN, Asset.POQ, TokenAmount.ofTokens(5_000)),
                            org.assertj.core.groups.Tuple.tuple(HistoryKind.TRANSFER_OUT, Asset.POQ, TokenAmount.parse("12.5")),
                            org.assertj.core.groups.Tuple.tuple(HistoryKind.TRANSFER_OUT, Asset.NATIVE, TokenAmount.parse("0.25")),
                            org.assertj.core.groups.Tuple.tuple(HistoryKind.STAKE, Asset.POQ, stake),
                            org.assertj.core.groups.Tuple.tuple(HistoryKind.UNSTAKE, Asset.POQ, stake));
            // one fee per transaction the account sent: 2 transfers, approve, register, unstake, withdraw
            List<HistoryEntry> fees = h.stream().filter(e -> e.kind() == HistoryKind.FEE).toList();
            assertThat(fees).hasSize(6).allMatch(e -> e.direction() == Direction.OUT && !e.amount().isZero());
            TokenAmount walletFees = transfers.transactions(me).stream().map(PendingTransaction::feePaid).reduce(TokenAmount.ZERO, TokenAmount::plus);
            assertThat(fees.get(0).amount().plus(fees.get(1).amount())).isEqualTo(walletFees);
            assertThat(h).filteredOn(e -> e.kind() == HistoryKind.STAKE).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("stake deposited"));

            // Scanning again adds nothing; the cursor moved past the head.
            assertThat(scanner.scan(me)).hasSize(h.size());

            AddressBook book = new AddressBook(db);
            book.put(BOB.toLowerCase(), "Bob");
            String csv = CsvExport.toString(h, book::display);
            assertThat(csv.split("\r\n")).hasSize(h.size() + 1);
            assertThat(csv).startsWith(CsvExport.HEADER).contains(",TRANSFER_OUT,OUT,POQ,12.5,Bob," + BOB + ",,POQ sent")
                    .contains(",STAKE,OUT,POQ," + stake.toPlainString() + "," + Keys.toChecksumAddress(fx.chain.registry()));
        }
    }

    @Test
    void taskPaymentsRewardsAndSlashesFromAFullRound() {
        TokenAmount fee = TokenAmount.ofTokens(100);
        try (ProtocolFixture f = ProtocolFixture.start(3, 5); Database db = Database.open(dir.resolve("poq.db"))) {
            Round.Outcome o = new Round(f, f.request(3, 5, fee))
                    .answer(0, "Paris is the capital of France.").answer(1, "Paris.").answer(2, "Paris!")
                    .validatorWithholds(3)
                    .scores((v, answers) -> answers.stream().mapToInt(a -> a == null ? 0 : 8_000).toArray()).run();
            var d = f.network().descriptor();
            WalletChain chain = new WalletChain(f.network().port(), d.chainId(), d.contracts().token(), d.contracts().registry(),
                    d.contracts().market(), d.deployBlock());
            HistoryScanner scanner = new HistoryScanner(chain, new HistoryStore(db, d.chainId()), false);
            String task = o.id().value().toString();

            List<HistoryEntry> requester = scanner.scan(f.requester().address());
            assertThat(requester).filteredOn(e -> e.kind() == HistoryKind.TASK_PAYMENT).singleElement().satisfies(e -> {
                assertThat(e.amount()).isEqualTo(fee);
                assertThat(e.taskId()).isEqualTo(task);
                assertThat(e.reason()).isEqualTo("fee escrowed for task #" + task);
            });

            String miner = o.state().miners().get(0);
            assertThat(scanner.scan(miner)).filteredOn(e -> e.kind() == HistoryKind.REWARD).singleElement().satisfies(e -> {
                assertThat(e.amount()).isEqualTo(o.rewardOf(miner));
                assertThat(e.reason()).isEqualTo("reward for task #" + task);
            });

            String cheat = o.state().validators().get(3);
            assertThat(scanner.scan(cheat)).filteredOn(e -> e.kind() == HistoryKind.SLASH).singleElement().satisfies(e -> {
                assertThat(e.amount()).isEqualTo(o.slashOf(cheat));
                assertThat(e.reason()).startsWith("slashed in task #" + task + ": committed but never revealed");
            });
        }
    }

    @Test
    void aPublicEndpointsLogRangeCapIsPagedUnderNotFailed() throws Exception {
        // most public endpoints refuse eth_getLogs over more than 2,000 or 10,000 blocks; the scanner asked for 2,000 at once
        try (ProtocolFixture f = ProtocolFixture.start(1, 3); Database db = Database.open(dir.resolve("poq.db"));
             RpcFaultProxy proxy = RpcFaultProxy.inFrontOf(f.anvil().rpcUrl()).capLogRange(50)) {
            String carol = Keys.toChecksumAddress(LocalAccounts.account(45).getAddress()); // holds nothing before
            f.requester().transferPoq(carol, TokenAmount.ofTokens(3));
            f.chain().rpc("anvil_mine", BigInteger.valueOf(300));
            f.requester().transferPoq(carol, TokenAmount.ofTokens(4));
            var d = f.network().descriptor();
            try (ChainClient capped = ChainClient.connect(proxy.url(), d.chainId())) {
                WalletChain through = new WalletChain(ChainPort.over(capped), d.chainId(), d.contracts().token(), d.contracts().registry(),
                        d.contracts().market(), d.deployBlock());
                List<HistoryEntry> seen = new HistoryScanner(through, new HistoryStore(db, d.chainId()), false).scan(carol);
                assertThat(seen).filteredOn(e -> e.kind() == HistoryKind.TRANSFER_IN).extracting(HistoryEntry::amount)
                        .containsExactlyInAnyOrder(TokenAmount.ofTokens(3), TokenAmount.ofTokens(4));
                assertThat(proxy.faultsServed("range-cap")).as("the cap was met and paged under").isPositive();
            }
        }
    }

    @Test
    void addressBookValidatesAndNamesAreUnique() {
        try (Database db = Database.open(dir.resolve("poq.db"))) {
            AddressBook book = new AddressBook(db);
            assertThatThrownBy(() -> book.put("0x1234", "Bob")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> book.put(BOB, " ")).isInstanceOf(InvalidInputException.class);
            book.put(BOB, "Bob");
            assertThat(book.display(BOB.toLowerCase())).isEqualTo("Bob");
            assertThat(book.addressOf("bob")).contains(BOB);
            String other = Keys.toChecksumAddress(LocalAccounts.account(6).getAddress());
            assertThatThrownBy(() -> book.put(other, "BOB")).isInstanceOf(InvalidInputException.class).hasMessageContaining("already used");
            book.put(BOB, "Robert");
            assertThat(book.all()).containsExactly(java.util.Map.entry(BOB, "Robert"));
            assertThat(book.display(other)).isEqualTo(other);
            book.remove(BOB);
            assertThat(book.nameOf(BOB)).isEmpty();
        }
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertThat(CsvExport.cell("plain")).isEqualTo("plain");
        assertThat(CsvExport.cell("a, b")).isEqualTo("\"a, b\"");
        assertThat(CsvExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvExport.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvExport.cell("@SUM")).isEqualTo("'@SUM");
    }
}
