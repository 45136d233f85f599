package org.poq.network.node;

import java.time.Instant;
import org.poq.network.PoqNetwork;

/**
 * The chain's clock, which commit deadlines are measured against: the later of this machine's clock and
 * the newest block's timestamp (a chain that mines on demand has old blocks; a test chain's clock can run
 * ahead of the wall's). Shared by the deadline watchdog and a validator's audit budget, so both judge a
 * deadline by the same time.
 */
public final class ChainClock {
    private final PoqNetwork network;

    public ChainClock(PoqNetwork network) {
        this.network = network;
    }

    /** The chain's time now: one read of the newest block. */
    public Instant now() {
        return read().now();
    }

    /**
     * The chain's lead over this machine's clock, read once from the newest block: the {@link Reading}
     * then tells the chain's time without reading the chain again (work that checks the time per answer
     * reads the block once per task).
     */
    public Reading read() {
        long wall = System.currentTimeMillis();
        return new Reading(Math.max(0, network.latestBlockTime().toEpochMilli() - wall));
    }

    /** The chain's time as this machine's clock plus the lead the chain had when it was read. */
    public record Reading(long leadMillis) {
        public Instant now() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + leadMillis);
        }
    }
}
