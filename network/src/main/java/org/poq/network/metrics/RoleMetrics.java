package org.poq.network.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one role (miner or validator) of a node. */
final class RoleMetrics {
    final LongAdder seen = new LongAdder();
    final LongAdder committed = new LongAdder();
    final LongAdder revealed = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder penalties = new LongAdder();
    final DoubleAdder rewards = new DoubleAdder();
    final DoubleAdder slashes = new DoubleAdder();
    final Summary commitSeconds = new Summary();
    final Summary revealWaitSeconds = new Summary();
    final Summary settleSeconds = new Summary();
    final Summary scores = new Summary();

    /** A Prometheus summary without quantiles: a count and a sum, from which rates and means follow. */
    static final class Summary {
        private long count;
        private double sum;

        synchronized void observe(double value) {
            count++;
            sum += value;
        }

        synchronized long count() {
            return count;
        }

        synchronized double sum() {
            return sum;
        }
    }
}
