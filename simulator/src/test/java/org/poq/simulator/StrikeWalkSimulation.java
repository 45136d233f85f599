package org.poq.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The table of decision 0058 ("Why a count that goes down, and why 12"): how many honest validators a lazy
 * share of validators gets slashed for persistent deviation within 10,000 tasks, for strike limits 8 and 12.
 * An honest validator is far from consensus only in a task whose median a lazy majority set; its count then
 * walks up with that task's probability q and down (not below 0) otherwise, and is slashed at the limit.
 * q is the chance that more than half of an m-validator draw is lazy (draws from a large population, so
 * binomial). For m = 3 this is an upper bound: a 2-of-3 lazy median has two witnesses, fewer than the three a
 * task needs to count (decision 0046), so the honest third is not struck there at all.
 * Tagged "benchmark" (out of CI); run:
 * {@code mvn -B -pl simulator -am test -Dpoq.excludedGroups=none -Dgroups=benchmark -Dtest=StrikeWalkSimulation
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class StrikeWalkSimulation {
    private static final int TASKS = 10_000;
    private static final int VALIDATORS = 2_000;

    @Test
    void honestValidatorsSlashedWithinTenThousandTasks() {
        System.out.println("| lazy share | m | q | slashed at S = 8 | S = 12 |");
        for (double share : new double[]{0.20, 0.33}) {
            for (int m : new int[]{3, 5}) {
                double q = lazyMajority(share, m);
                double at8 = slashedShare(q, 8, new SplittableRandom(58));
                double at12 = slashedShare(q, 12, new SplittableRandom(58));
                System.out.printf("| %.0f%% | %d | %.3f | %.1f%% | %.1f%% |%n", share * 100, m, q, at8 * 100, at12 * 100);
                assertThat(at12).as("a higher limit never slashes more").isLessThanOrEqualTo(at8);
            }
        }
    }

    /** P(more than m/2 of m draws are lazy) for a lazy share p. */
    static double lazyMajority(double p, int m) {
        double q = 0;
        for (int k = m / 2 + 1; k <= m; k++) {
            q += binomial(m, k) * Math.pow(p, k) * Math.pow(1 - p, m - k);
        }
        return q;
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

    private static double slashedShare(double q, int limit, SplittableRandom random) {
        int slashed = 0;
        for (int v = 0; v < VALIDATORS; v++) {
            int count = 0;
            for (int t = 0; t < TASKS; t++) {
                count = random.nextDouble() < q ? count + 1 : Math.max(0, count - 1);
                if (count >= limit) {
                    slashed++;
                    break;
                }
            }
        }
        return (double) slashed / VALIDATORS;
    }
}
