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

    private final Database db;
    private final ParticipationJournal journal;

    public MinerJobStore(Database db, ParticipationJournal journal) {
        this.db = db;
        this.journal = journal;
    }

    void record(String node, TaskId id, GenerationResult r) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO miner_jobs VALUES (?, ?, ?, ?, ?, ?, ?)")) {
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

    /** The node's jobs, newest first. */
    public List<MinerJob> jobs(String node) {
        List<MinerJob> out = new ArrayList<>();
        for (Participation p : journal.list(node)) {
            out.add(db.query(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM miner_jobs WHERE node = ? AND task_id = ?")) {
                    ps.setString(1, node.toLowerCase());
                    ps.setString(2, p.taskId().value().toString());
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
