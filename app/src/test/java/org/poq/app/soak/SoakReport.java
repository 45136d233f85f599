package org.poq.app.soak;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak's figures as the Markdown that goes into BENCHMARKS.md. */
final class SoakReport {
    private SoakReport() {
    }

    static String markdown(Soak.Result r) {
        Soak.Config c = r.config();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d miners and %d validators (separate `poq node` processes), %d requesters, "
                        + "up to %d tasks in flight (k=%d, m=%d), a block every %d s, submitting for %d min; wall %d min%n%n",
                c.miners(), c.validators(), c.requesters(), c.tasksInFlight(), c.k(), c.m(), c.blockSeconds(),
                c.submitFor().toMinutes(), r.wall().toMinutes()));
        b.append("| figure | value |\n|---|---:|\n");
        row(b, "tasks submitted", r.submitted());
        row(b, "tasks finalized", r.finalized());
        row(b, "of which refunded in full (no answer in time)", r.refundedInFull());
        row(b, "of which partly refunded (unpaid shares)", r.partlyRefunded());
        row(b, "reveals lost (committed, never revealed)", r.lostReveals());
        row(b, "transactions sent twice for the same task and step", r.duplicateSends());
        row(b, "transactions that reverted", r.revertedSends());
        b.append(String.format(Locale.ROOT, "| event-stream lag, max / mean (blocks) | %d / %.2f |%n", r.maxLagBlocks(),
                r.meanLagBlocks()));
        b.append("\nResident memory (MiB, node JVM plus its worker processes) and open files per node, each minute:\n\n");
        List<Soak.Sample> s = r.samples();
        if (!s.isEmpty()) {
            b.append("| node |");
            s.forEach(x -> b.append(" min ").append(x.minute()).append(" |"));
            b.append("\n|---|");
            s.forEach(x -> b.append("---:|"));
            b.append('\n');
            for (String node : s.get(0).rssKb().keySet()) {
                b.append("| ").append(node).append(" |");
                for (Soak.Sample x : s) {
                    b.append(String.format(Locale.ROOT, " %d MiB / %d |", x.rssKb().getOrDefault(node, 0L) / 1024,
                            x.openFiles().getOrDefault(node, 0)));
                }
                b.append('\n');
            }
        }
        b.append("\nTransactions per node: ");
        for (Map.Entry<String, Integer> e : r.nodeTransactions().entrySet()) {
            b.append(e.getKey()).append(' ').append(e.getValue()).append("; ");
        }
        b.append('\n');
        if (!r.problems().isEmpty()) {
            b.append("\nProblems:\n");
            r.problems().stream().limit(50).forEach(p -> b.append("- ").append(p).append('\n'));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String what, long value) {
        b.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }
}
