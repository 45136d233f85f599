package org.poq.miner.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine benchmarks as tests tagged "benchmark" (never in CI); each runs only when its property is
 * set. Print; assert nothing about speed.
 * <ul>
 * <li>the engine against llama-bench of the same llama.cpp, alternating, then memory over five swaps:
 * <pre>mvn -B -pl miner -am verify -Dpoq.excludedGroups=none -Dgroups=benchmark -Dtest=EngineBenchmarkTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dpoq.bench.args="--llama-bench /tmp/llama-bench-npm/llama-bench --threads 2 --reps 5"</pre>
 * <li>the engine against the one it replaced (de.kherud:llama 4.2.0), alternating: run
 * miner/bench/old-engine.sh, which builds the old engine outside the reactor and sets
 * -Dpoq.bench.old.args with its class path.
 * </ul>
 */
@Tag("benchmark")
class EngineBenchmarkTest {
    @Test
    void engineAgainstLlamaBench() throws Exception {
        String args = System.getProperty("poq.bench.args", "");
        assumeTrue(!args.isBlank(), "set -Dpoq.bench.args (see docs/benchmarks/miner.md)");
        EngineBenchmark.run(args.strip().split("\\s+"));
    }

    @Test
    void newEngineAgainstOldEngine() throws Exception {
        String args = System.getProperty("poq.bench.old.args", "");
        assumeTrue(!args.isBlank(), "run miner/bench/old-engine.sh (see docs/benchmarks/miner.md)");
        OldEngineBenchmark.run(args.strip().split("\\s+"));
    }
}
