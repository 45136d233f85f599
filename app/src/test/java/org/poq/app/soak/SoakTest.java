package org.poq.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load and long runs: tasks from several requesters kept in flight while miner and validator nodes,
 * each its own `poq node` process, answer them on anvil with interval mining. The CI run is short
 * and small (2 cores); the tagged run is the one whose figures are in BENCHMARKS.md.
 */
class SoakTest {
    @TempDir
    Path dir;

    @Test
    void aShortSoakFinishesEveryTaskWithNoLostRevealAndNoDuplicateSend() throws Exception {
        Soak.Result r = run("ci", new Soak.Config(3, 5, 3, 12, Duration.ofSeconds(60), 1, 3, 5));
        assertHolds(r, 0, 2.0, 256);
    }

    @Test
    @Tag("benchmark")
    void twentyMinutesWith200TasksInFlight8MinersAnd15Validators() throws Exception {
        Soak.Result r = run("long", new Soak.Config(8, 15, 4, 200, Duration.ofMinutes(20), 1, 3, 5));
        assertHolds(r, 5, 1.25, 32);
    }

    private Soak.Result run(String name, Soak.Config config) throws Exception {
        try (Soak soak = new Soak(config, dir)) {
            Soak.Result r = soak.run();
            String report = SoakReport.markdown(r);
            Path out = Path.of("target", "soak", "soak-" + name + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println(report);
            return r;
        }
    }

    /**
     * Memory is flat when each node's resident memory at the end is at most {@code factor} times what it
     * held at minute {@code baselineMinute} plus {@code slackMib} (a short run still sees the heap and
     * the JIT warm up, so its bound is loose; the long run's is tight).
     */
    private static void assertHolds(Soak.Result r, int baselineMinute, double factor, long slackMib) {
        assertThat(r.submitted()).as("tasks were submitted").isPositive();
        assertThat(r.finalized()).as("every task reaches Finalized (a refund is a finalization): %s", r.problems())
                .isEqualTo(r.submitted());
        assertThat(r.lostReveals()).as("no reveal is lost: %s", r.problems()).isZero();
        assertThat(r.duplicateSends()).as("no node sends a step twice: %s", r.problems()).isZero();
        assertThat(r.problems()).as("every node ran to the end").noneMatch(p -> p.contains(" stopped: "));
        Soak.Sample warm = r.samples().get(Math.min(baselineMinute, r.samples().size() - 1));
        Soak.Sample last = r.samples().get(r.samples().size() - 1);
        for (String node : warm.rssKb().keySet()) {
            assertThat(last.rssKb().get(node)).as("memory of %s stays flat", node)
                    .isLessThanOrEqualTo((long) (warm.rssKb().get(node) * factor) + slackMib * 1024);
            assertThat(last.openFiles().get(node)).as("open files of %s stay flat", node)
                    .isLessThanOrEqualTo(warm.openFiles().get(node) + 32);
        }
        assertThat(r.meanLagBlocks()).as("the app's event stream keeps up").isLessThan(3.0);
    }
}
