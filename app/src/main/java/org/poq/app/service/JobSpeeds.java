package org.poq.app.service;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.poq.core.TaskId;
import org.poq.core.db.Database;
import org.poq.miner.service.MinerJob;
import org.poq.miner.service.MinerJobStore;
import org.poq.network.node.ParticipationJournal;

/**
 * How fast each of a miner's answers was generated, as llama.cpp timed it and {@link MinerJobStore}
 * recorded it (issue 27: the Miner screen's tokens/s chart, sampled once a second, read 0.0 right after
 * an answer; a job's own figure does not depend on when it is looked at). The window's jobs table and
 * {@code poq node}'s answer line write the speed the same way.
 */
public final class JobSpeeds {
    /** A job's generation: the tokens it generated and their speed; absent for a task the node never answered. */
    public record Speed(int tokens, double tokensPerSecond) {
        public String tokensText() {
            return Integer.toString(tokens);
        }

        public String perSecondText() {
            return perSecond(tokensPerSecond);
        }
    }

    private JobSpeeds() {
    }

    /** Every answered job's speed for {@code node} on the network it is on, by task. */
    public static Map<TaskId, Speed> read(Database db, String node) {
        Map<TaskId, Speed> out = new HashMap<>();
        for (MinerJob j : new MinerJobStore(db, new ParticipationJournal(db)).jobs(node)) {
            if (j.generatedTokens() != null && j.tokensPerSecond() != null) {
                out.put(j.taskId(), new Speed(j.generatedTokens(), j.tokensPerSecond()));
            }
        }
        return out;
    }

    /** Tokens per second with one decimal, as every face writes them: "12.3". */
    public static String perSecond(double tokensPerSecond) {
        return String.format(Locale.ROOT, "%.1f", tokensPerSecond);
    }
}
