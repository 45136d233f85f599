package org.poq.wallet.chains;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskState;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.DevNodes;
import org.poq.network.devnet.LocalDevnet;
import org.poq.network.testing.DevChainProcess;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.testing.TestClock;
import org.poq.wallet.transfer.NetworkResetTest;

/**
 * The protocol and the wallet on three EVM implementations: anvil (which the rest of the suite uses),
 * Hardhat 2.29 (`hardhat node`, EDR, osaka) and Ganache 7.9 (shanghai, chain 1337), from package.json's
 * devDependencies. Tagged "chains": outside the default suite, run by ./run-tests as a step of its own
 * (docs/chains.md lists what each test covers on which implementation and hardfork).
 */
@Tag("chains")
class ChainImplementationsTest {
    @TempDir
    Path dir;

    @Test
    void aFullRoundWithOneSecondBlocksOnAnvil() {
        try (ProtocolFixture f = ProtocolFixture.start(1, 3, ProtocolParams.defaults().withWindows(60, 60),
                List.of("--block-time", "1"))) {
            fullRound(f);
        }
    }

    @Test
    void aFullRoundWithOneSecondBlocksOnHardhat() {
        DevChainProcess node = DevChainProcess.hardhat(31337, 1, "osaka");
        try (ProtocolFixture f = ProtocolFixture.on(node, node.rpcUrl(), node.chainId(), 1, 3,
                ProtocolParams.defaults().withWindows(60, 60))) {
            // chain 31337 on Hardhat is not this computer's local devnet
            assertThat(DevNodes.clientVersion(f.chain())).startsWith("HardhatNetwork/2.29");
            assertThat(DevNodes.isAnvil(f.chain())).isFalse();
            assertThat(LocalDevnet.isLocal(f.network().descriptor())).isFalse();
            fullRound(f);
        }
    }

    @Test
    void aFullRoundWithOneSecondBlocksOnGanache() {
        DevChainProcess node = DevChainProcess.ganache(1337, 1, "shanghai");
        try (ProtocolFixture f = ProtocolFixture.on(node, node.rpcUrl(), node.chainId(), 1, 3,
                ProtocolParams.defaults().withWindows(60, 60))) {
            assertThat(DevNodes.clientVersion(f.chain())).startsWith("Ganache/v7.9");
            fullRound(f);
        }
    }

    /** Ganache mining only on a transaction (the case that stalled for 120 s): the requester's client makes the block. */
    @Test
    void onGanacheWithInstantMiningTheRequesterDrawsItsTaskInTheBlockAfterTheTarget() {
        DevChainProcess node = DevChainProcess.ganache(1337, 0, "shanghai");
        try (ProtocolFixture f = ProtocolFixture.on(node, node.rpcUrl(), node.chainId(), 1, 3,
                ProtocolParams.defaults().withWindows(60, 60))) {
            TaskId id = f.requester().submitTaskUndrawn(f.request(1, 3, TokenAmount.ofTokens(10)));
            f.requester().awaitDraw(id);
            TaskState t = f.network().task(id);
            assertThat(t.phase()).isEqualTo(TaskPhase.ANSWER_COMMIT);
            assertThat(t.drawBlock()).isEqualTo(t.targetBlock() + 1);
        }
    }

    /** The wallet's reset scenario (NetworkResetTest) on Hardhat: hardhat_reset, a redeploy to the same addresses. */
    @Test
    void theWalletsResetScenarioOnHardhat() throws Exception {
        DevChainProcess node = DevChainProcess.hardhat(31337, 0, "osaka");
        try (ProtocolFixture f = ProtocolFixture.on(node, node.rpcUrl(), node.chainId(), 0, 0, ProtocolParams.defaults());
             ChainClient client = ChainClient.connect(node.rpcUrl(), node.chainId())) {
            NetworkResetTest.resetAndRedeploy(dir, new TestClock(), client, f.network().descriptor(), "hardhat_reset");
        }
    }

    /**
     * Submit, the draw by the requester's own client, one answer committed and revealed, three scores
     * committed and revealed, finalized: the miner and the validators are paid, the requester refunded
     * what was not earned, and the identity of the network reads the same before and after.
     */
    private static void fullRound(ProtocolFixture f) {
        NetworkIdentity identity = f.network().identity();
        PoqSession requester = f.requester();
        TaskId id = requester.submitTaskUndrawn(f.request(1, 3, TokenAmount.ofTokens(10)));
        requester.awaitDraw(id);
        TaskState t = f.network().task(id);
        assertThat(t.phase()).isEqualTo(TaskPhase.ANSWER_COMMIT);
        String miner = t.miners().get(0);
        f.commitAnswer(id, miner, "Paris.");
        f.revealAnswer(id, miner, "Paris.");
        for (String v : t.validators()) {
            f.commitScores(id, v, new int[] {9000});
        }
        for (String v : t.validators()) {
            f.revealScores(id, v, new int[] {9000});
        }
        TaskView done = TaskTracker.replay(id, f.network().events(t.submitBlock(), f.network().blockNumber()));
        assertThat(done.phase()).isEqualTo(TaskPhase.FINALIZED);
        assertThat(done.expired()).isFalse();
        assertThat(done.ranked()).singleElement().satisfies(a -> assertThat(a.consensus()).isEqualTo(9000));
        assertThat(done.rewardsOf(List.of(miner))).as("the miner is paid").isGreaterThan(TokenAmount.ZERO);
        assertThat(done.rewardsOf(t.validators())).as("the validators are paid").isGreaterThan(TokenAmount.ZERO);
        assertThat(f.network().identity()).isEqualTo(identity);
    }
}
