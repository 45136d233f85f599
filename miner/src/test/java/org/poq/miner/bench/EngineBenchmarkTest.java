package org.poq.miner.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine benchmark as a test tagged "benchmark" (never in CI): the engine against llama-bench of
 * the same llama.cpp, alternating, then memory over five swaps. Prints; asserts nothing about speed.
 * <pre>mvn -B -pl miner -am verify -Dpoq.excludedGroups=none -Dgroups=benchmark -Dtest=EngineBenchmarkTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dpoq.bench.args="--llama-bench /tmp/llama-bench-npm/llama-bench --threads 2 --reps 5"</pre>
 */
@Tag("benchmark")
class EngineBenchmarkTest {
    @Test
    void engineAgainstLlamaBench() throws Exception {
        String args = System.getProperty("poq.bench.args", "");
        assumeTrue(!args.isBlank(), "set -Dpoq.bench.args (see docs/benchmarks/miner.md)");
        EngineBenchmark.run(args.strip().split("\\s+"));
    }
}
