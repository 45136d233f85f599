package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.poq.network.testing.ProtocolFixture;

/**
 * The chain's clock that the deadline watchdog and a validator's audit budget share. The adversary is the
 * block producer whose clock runs ahead of the node's (anvil's time moved forward an hour): judging the
 * commit deadline by this machine's clock alone would start work whose commit lands after it. And a
 * {@link ChainClock.Reading} must not read the chain again: a validator checks the time before each
 * answer's audit, and read the newest block once per answer before the clock was shared.
 */
class ChainClockTest {
    @Test
    void theChainsTimeIsTheLaterOfTheWallAndTheNewestBlockAndAReadingNeedsTheChainOnlyOnce() throws Exception {
        ProtocolFixture f = ProtocolFixture.start(1, 1);
        try {
            ChainClock clock = new ChainClock(f.network());
            Instant wall = Instant.ofEpochMilli(System.currentTimeMillis()); // the clock counts whole milliseconds
            assertThat(clock.now()).as("a chain not ahead of this machine: the wall clock").isBetween(wall,
                    Instant.now().plusSeconds(60));

            f.increaseTime(3600);
            Instant block = f.network().latestBlockTime();
            assertThat(block).as("the producer's clock runs an hour ahead").isAfter(Instant.now().plusSeconds(3000));
            assertThat(clock.now()).as("the deadline is judged by the block's time, not this machine's")
                    .isAfterOrEqualTo(block);

            ChainClock.Reading reading = clock.read();
            Instant first = reading.now();
            assertThat(first).isAfterOrEqualTo(block);
            f.close(); // the chain is gone: a reading that read it again would fail now
            Thread.sleep(50);
            Instant later = reading.now();
            assertThat(later).as("the reading keeps the chain's lead and advances with this machine's clock")
                    .isAfterOrEqualTo(first.plus(Duration.ofMillis(50)));
        } finally {
            f.close();
        }
    }
}
