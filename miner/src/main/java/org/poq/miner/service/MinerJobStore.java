package org.poq.miner.service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.TaskId;
import org.poq.core.db.Database;
import org.poq.core.db.Migration;
import org.poq.miner.engine.GenerationResult;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;

/** Generation figures per task, joined with the participation journal's outcome into job receipts. */
public final class MinerJobStore {
    public static final Migration MIGRATION = Migration.sql("miner/100-jobs",
            "CREATE TABLE miner_jobs (node TEXT NOT NULL, task_id TEXT NOT NULL, prompt_tokens INTEGER NOT NULL, "
                    + "generated_tokens INTEGER NOT NULL, ttft_ms INTEGER NOT NULL, tokens_per_s REAL NOT NULL, "
                    + "finished_at INTEGER NOT NULL, PRIMARY KEY (node, task_id))");
    /**
     * Issue 28: figures keyed by the network's identity like the journal's records (decision 0036), so a
     * task #1 of a reset chain never shows the old task #1's figures. Rows from before carry network ''
     * and are kept apart: no network shows them.
     */
    public static final Migration BY_NETWORK = Migration.sql("miner/101-jobs-by-network",
            "CREATE TABLE miner_jobs_by_network (network TEXT NOT NULL DEFAULT '', node TEXT NOT NULL, task_id TEXT NOT NULL, "
                    + "prompt_tokens INTEGER NOT NULL, generated_tokens INTEGER NOT NULL, ttft_ms INTEGER NOT NULL, "
                    + "tokens_per_s REAL NOT NULL, finished_at INTEGER NOT NULL, PRIMARY KEY (network, node, task_id))",
            "INSERT INTO miner_jobs_by_network (node, task_id, prompt_tokens, generated_tokens, ttft_ms, tokens_per_s, "
                    + "finished_at) SELECT node, task_id, prompt_tokens, generated_tokens, ttft_ms, tokens_per_s, finished_at "
                    + "FROM miner_jobs",
            "DROP TABLE miner_jobs",
            "ALTER TABLE miner_jobs_by_network RENAME TO miner_jobs");

    private final Database db;
    private final ParticipationJournal journal;

    public MinerJobStore(Database db, ParticipationJournal journal) {
        this.db = db;
        this.journal = journal;
    }

    /** Records the figures of a generation under the network the node is on (the journal's). */
    void record(String node, TaskId id, GenerationResult r) {
        String network = journal.networkOf(node).orElse("");
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO miner_jobs (node, task_id, prompt_tokens, "
                    + "generated_tokens, ttft_ms, tokens_per_s, finished_at, network) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(8, network);
                ps.setString(1, node.toLowerCase());
                ps.setString(2, id.value().toString());
                ps.setInt(3, r.promptTokens());
                ps.setInt(4, r.generatedTokens());
                ps.setLong(5, r.timeToFirstToken().toMillis());
                ps.setDouble(6, r.tokensPerSecond());
                ps.setLong(7, System.currentTimeMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** The node's jobs on the network it is on, newest first. */
    public List<MinerJob> jobs(String node) {
        List<MinerJob> out = new ArrayList<>();
        String network = journal.networkOf(node).orElse("");
        for (Participation p : journal.list(node)) {
            out.add(db.query(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM miner_jobs WHERE node = ? AND task_id = ? AND network = ?")) {
                    ps.setString(1, node.toLowerCase());
                    ps.setString(2, p.taskId().value().toString());
                    ps.setString(3, network);
                    try (ResultSet rs = ps.executeQuery()) {
                        boolean has = rs.next();
                        return new MinerJob(p.taskId(), p.state(), has ? rs.getInt("prompt_tokens") : null,
                                has ? rs.getInt("generated_tokens") : null, has ? rs.getLong("ttft_ms") : null,
                                has ? rs.getDouble("tokens_per_s") : null, p.consensus(), p.rewardWei(), p.slashedWei(),
                                p.penaltyReason(), p.note());
                    }
                }
            }));
        }
        return out;
    }
}
