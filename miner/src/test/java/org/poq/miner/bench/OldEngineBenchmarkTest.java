package org.poq.miner.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The new engine against the one it replaced (de.kherud:llama 4.2.0), as a test tagged "benchmark"
 * (never in CI). Run it through miner/bench/old-engine.sh, which builds the old engine outside the
 * reactor and passes its class path. Prints; asserts nothing about speed.
 */
@Tag("benchmark")
class OldEngineBenchmarkTest {
    @Test
    void newEngineAgainstOldEngine() throws Exception {
        String args = System.getProperty("poq.bench.args", "");
        assumeTrue(!args.isBlank(), "run miner/bench/old-engine.sh (see docs/benchmarks/miner.md)");
        OldEngineBenchmark.run(args.strip().split("\\s+"));
    }
}
