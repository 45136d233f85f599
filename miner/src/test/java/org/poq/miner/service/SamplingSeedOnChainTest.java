package org.poq.miner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.core.TaskId;
import org.poq.network.TaskState;
import org.poq.network.testing.ProtocolFixture;

/**
 * The seed a miner samples under is the task market's {@code samplingSeed(taskId, miner)} on a real anvil,
 * and {@link SamplingSeed#forMiner} computes the same value off chain, so an auditor replays under exactly
 * the seed the chain fixed. Attack: copying another miner's answer; each drawn miner's seed differs, so a
 * copied answer was drawn under the wrong seed and fails the replay.
 */
class SamplingSeedOnChainTest {

    @Test
    void offChainSeedEqualsTheContractsAndDiffersPerMiner() {
        try (ProtocolFixture f = ProtocolFixture.start(4, 3)) {
            TaskId id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(10)));
            TaskState t = f.network().task(id);
            assertThat(t.miners()).hasSize(3);
            Set<String> seeds = new HashSet<>();
            for (String miner : t.miners()) {
                byte[] onChain = f.network().samplingSeed(id, miner);
                assertThat(SamplingSeed.forMiner(t.seed(), miner).bytes()).as("seed of %s", miner).isEqualTo(onChain);
                assertThat(TaskSampling.settings(onChain).seed()).isEqualTo(SamplingSeed.of(onChain));
                seeds.add(SamplingSeed.of(onChain).hex());
            }
            assertThat(seeds).as("copy attack: every miner of the task samples under its own seed").hasSize(3);
        }
    }

    @Test
    void anUndrawnTaskHasNoSeedToSampleUnder() {
        assertThatThrownBy(() -> TaskSampling.settings(new byte[SamplingSeed.BYTES]))
                .hasMessageContaining("not drawn");
        assertThatThrownBy(() -> TaskSampling.settings(null)).hasMessageContaining("not drawn");
    }
}
