package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's miner payout rule (TaskMarket._payMiners) mirrored in Java. */
class MinerPayoutTest {
    @Test
    void paysBySquaredScoreAtOrAboveTheFloorInIntegerDivision() {
        // weights 9000^2 = 81e6, 6000^2 = 36e6, 2999 below the floor: nothing
        long[] paid = MinerPayout.pay(List.of(9000, 6000, 2999), 3000, 1_000);
        assertThat(paid).containsExactly(1000L * 81 / 117, 1000L * 36 / 117, 0L);
        assertThat(MinerPayout.millionths(List.of(3000, 3000), 3000)).containsExactly(500_000L, 500_000L);
    }

    @Test
    void nobodyAboveTheFloorPaysNothingAndAZeroScoreNeverCounts() {
        assertThat(MinerPayout.millionths(List.of(2999, 100), 3000)).containsExactly(0L, 0L);
        assertThat(MinerPayout.millionths(List.of(0, 0), 0)).containsExactly(0L, 0L);
    }

    @Test
    void badInputIsRefusedWithTheRange() {
        assertThatThrownBy(() -> MinerPayout.millionths(List.of(10_001), 3000)).hasMessage("a score must be in 0..10000: 10001");
        assertThatThrownBy(() -> MinerPayout.millionths(List.of(1), -1)).hasMessage("the quality floor must be in 0..10000: -1");
    }
}
