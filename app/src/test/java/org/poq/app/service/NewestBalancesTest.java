package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.RpcFaultProxy;
import org.poq.wallet.WalletChain;
import org.poq.wallet.transfer.BalanceService;
import org.web3j.crypto.Keys;

/**
 * Attack/fault: a public RPC endpoint balances requests over a fresh node and one lagging 3 blocks
 * behind (RpcFaultProxy's lagging node answers "latest" from its own older block). A wallet view that
 * reads "latest" shows a payment that just arrived vanishing and coming back; the Wallet screen's
 * {@link NewestBalances} keeps the newest block it has shown and never goes backwards.
 */
class NewestBalancesTest {
    static ProtocolFixture f;
    static RpcFaultProxy proxy;
    static PoqNetwork net;

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(0, 0);
        proxy = RpcFaultProxy.inFrontOf(f.anvil().rpcUrl()).lagging(3, 2);
        net = PoqNetwork.connect(f.network().descriptor().withRpcUrls(List.of(proxy.url())));
    }

    @AfterAll
    static void stop() {
        net.close();
        proxy.close();
        f.close();
    }

    private static String freshAddress() throws Exception {
        return Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
    }

    /** Pays 1 POQ to {@code to} in each of {@code n} blocks, reading the balance {@code reads} times after each. */
    private static List<TokenAmount> payAndRead(String to, int n, int reads, java.util.function.Supplier<TokenAmount> read) {
        List<TokenAmount> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            f.governor().transferPoq(to, TokenAmount.ofTokens(1));
            for (int r = 0; r < reads; r++) {
                seen.add(read.get());
            }
        }
        return seen;
    }

    private static boolean wentBackwards(List<TokenAmount> seen) {
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).compareTo(seen.get(i - 1)) < 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aPlainLatestReadGoesBackwardsBehindALaggingNode() throws Exception {
        // the fault is real: without the handling the balance a user sees drops and comes back
        BalanceService plain = new BalanceService(WalletChain.of(net));
        String to = freshAddress();
        List<TokenAmount> seen = payAndRead(to, 5, 4, () -> plain.balances(to).poq());
        assertThat(wentBackwards(seen)).as("balances read at 'latest': " + seen).isTrue();
    }

    @Test
    void theWalletViewNeverGoesBackwardsAndEndsAtTheTruth() throws Exception {
        NewestBalances view = new NewestBalances(new BalanceService(WalletChain.of(net)));
        String to = freshAddress();
        List<Long> blocks = new ArrayList<>();
        int before = proxy.faultsServed("lagging-state") + proxy.faultsServed("lagging-head")
                + proxy.faultsServed("lagging-missing-block");
        List<TokenAmount> seen = payAndRead(to, 5, 4, () -> {
            NewestBalances.Reading r = view.read(to);
            blocks.add(r.block());
            return r.balances().poq();
        });
        assertThat(wentBackwards(seen)).as("the view's balances: " + seen).isFalse();
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i)).as("blocks shown " + blocks).isGreaterThanOrEqualTo(blocks.get(i - 1));
        }
        assertThat(proxy.faultsServed("lagging-state") + proxy.faultsServed("lagging-head")
                + proxy.faultsServed("lagging-missing-block")).as("the lagging node was met").isGreaterThan(before);
        // once the fresh node answers again the view catches up with the chain
        TokenAmount truth = f.network().poqBalance(to);
        assertThat(truth).isEqualTo(TokenAmount.ofTokens(5));
        TokenAmount last = null;
        for (int i = 0; i < 4; i++) {
            last = view.read(to).balances().poq();
        }
        assertThat(last).isEqualTo(truth);
    }

    @Test
    void aChainThatRestartsFarBehindIsAcceptedNotFrozen() throws Exception {
        // a devnet restarted (or a deep reorganisation) is a new chain, not a lag: the view follows it.
        // No transaction between snapshot and revert: the fixture's accounts keep their nonces.
        NewestBalances view = new NewestBalances(new BalanceService(WalletChain.of(f.network())));
        String to = freshAddress();
        Object snapshot = f.chain().rpc("evm_snapshot");
        long highBlock;
        try {
            f.mine(NewestBalances.MAX_LAG + 5);
            f.chain().rpc("anvil_setBalance", to, "0x" + TokenAmount.ofTokens(7).wei().toString(16));
            assertThat(view.read(to).balances().nativeCoin()).isEqualTo(TokenAmount.ofTokens(7));
            highBlock = view.newestBlock();
        } finally {
            f.chain().rpc("evm_revert", snapshot);
        }
        NewestBalances.Reading r = view.read(to);
        assertThat(r.stale()).isFalse();
        assertThat(r.block()).as("the restarted chain's block, not the old height").isLessThan(highBlock - NewestBalances.MAX_LAG);
        assertThat(r.balances().nativeCoin()).isEqualTo(TokenAmount.ZERO);
    }
}
