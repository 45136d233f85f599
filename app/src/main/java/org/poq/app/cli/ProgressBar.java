package org.poq.app.cli;

import org.poq.core.ByteSizes;
import java.io.PrintWriter;
import java.util.Locale;
import org.poq.miner.library.DownloadProgress;

/**
 * Progress of long work on stderr: a bar redrawn in place on a terminal, a line every 10% when the
 * output goes to a file or a pipe (where carriage returns would only clutter it).
 */
final class ProgressBar implements DownloadProgress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private long lastShown = -100; // below every decile, so 0% shows too

    ProgressBar(PrintWriter err, String label) {
        this(err, label, System.console() != null);
    }

    ProgressBar(PrintWriter err, String label, boolean terminal) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
    }

    @Override
    public void update(long done, long total) {
        if (total <= 0) {
            return;
        }
        long percent = Math.min(100, done * 100 / total);
        if (terminal ? percent == lastShown : percent / 10 == lastShown / 10) {
            return;
        }
        lastShown = percent;
        if (terminal) {
            int filled = (int) (percent * WIDTH / 100);
            err.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %d/%d MiB", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                    percent, ByteSizes.mebibytes(done), ByteSizes.mebibytes(total));
            if (percent == 100) {
                err.println();
            }
        } else {
            err.printf(Locale.ROOT, "%s %d%% of %s%n", label, percent, ByteSizes.format(total));
        }
        err.flush();
    }

    /** A stalled or broken connection gets its own line, so a bar that stopped moving is explained. */
    @Override
    public void retrying(long done, long total, String reason, int withoutByte, int maxAttempts) {
        if (terminal) {
            err.println();
        }
        err.printf(Locale.ROOT, "%s: %s; trying again (%s received%s; %d attempts in a row without a byte, it gives up at %d)%n",
                label, reason, ByteSizes.format(done), total > 0 ? " of " + ByteSizes.format(total) : "",
                withoutByte, maxAttempts);
        err.flush();
        lastShown = -100; // the bar is drawn again on the next byte
    }
}
