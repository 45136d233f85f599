package org.poq.network.node;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.poq.core.TaskId;
import org.poq.core.db.Database;
import org.poq.core.db.Migration;
import org.poq.network.NodeRole;

/**
 * The node's write-ahead record of its commitments. The payload (answer or scores) and the salt are
 * written before the commit transaction is sent, so after a crash the node can still reveal; the
 * primary key (node, task) makes sure a task is worked on and committed once.
 */
public final class ParticipationJournal {
    public static final Migration MIGRATION = Migration.sql("network/001-participations",
            "CREATE TABLE participations (node TEXT NOT NULL, task_id TEXT NOT NULL, role TEXT NOT NULL, "
                    + "state TEXT NOT NULL, payload TEXT, salt BLOB, note TEXT, reward_wei TEXT NOT NULL DEFAULT '0', "
                    + "slashed_wei TEXT NOT NULL DEFAULT '0', penalty_reason TEXT, consensus INTEGER, "
                    + "updated_at INTEGER NOT NULL, PRIMARY KEY (node, task_id))",
            "CREATE TABLE node_cursors (node TEXT PRIMARY KEY, next_block INTEGER NOT NULL)");

    private final Database db;

    public ParticipationJournal(Database db) {
        this.db = db;
    }

    private static String key(String address) {
        return address.toLowerCase();
    }

    /** Records finished work; false if this node already has a record for the task (never work twice). */
    public boolean prepare(String node, TaskId id, NodeRole role, String payload, byte[] salt) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO participations "
                    + "(node, task_id, role, state, payload, salt, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                ps.setString(3, role.name());
                ps.setString(4, ParticipationState.PREPARED.name());
                ps.setString(5, payload);
                ps.setBytes(6, salt);
                ps.setLong(7, System.currentTimeMillis());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public boolean fail(String node, TaskId id, NodeRole role, String reason) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO participations (node, task_id, role, state, note, updated_at) "
                    + "VALUES (?, ?, ?, 'FAILED', ?, ?) ON CONFLICT(node, task_id) DO UPDATE SET state = 'FAILED', "
                    + "note = excluded.note, updated_at = excluded.updated_at WHERE state IN ('PREPARED', 'COMMITTED')")) {
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                ps.setString(3, role.name());
                ps.setString(4, reason);
                ps.setLong(5, System.currentTimeMillis());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void advance(String node, TaskId id, ParticipationState state) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE participations SET state = ?, updated_at = ? WHERE node = ? AND task_id = ?")) {
                ps.setString(1, state.name());
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, key(node));
                ps.setString(4, id.value().toString());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records how a finished task ended for the node: what it earned, what was slashed and why. Setting
     * (not adding) the values makes a replay of the same events harmless. A node penalized for absence
     * has no record yet: one is created.
     */
    public void settle(String node, TaskId id, NodeRole role, BigInteger reward, BigInteger slashed, String penaltyReason,
                       Integer consensus) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO participations (node, task_id, role, state, note, updated_at) "
                    + "VALUES (?, ?, ?, 'FAILED', 'did not take part', ?) ON CONFLICT(node, task_id) DO NOTHING")) {
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                ps.setString(3, role.name());
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            // wei amounts overflow SQLite's 64-bit integers: they are kept as decimal text
            try (PreparedStatement ps = c.prepareStatement("UPDATE participations SET reward_wei = ?, slashed_wei = ?, "
                    + "penalty_reason = ?, consensus = ?, updated_at = ?, "
                    + "state = CASE WHEN state = 'FAILED' THEN 'FAILED' ELSE 'FINISHED' END WHERE node = ? AND task_id = ?")) {
                ps.setString(1, reward.toString());
                ps.setString(2, slashed.toString());
                ps.setString(3, penaltyReason);
                if (consensus == null) ps.setNull(4, java.sql.Types.INTEGER); else ps.setInt(4, consensus);
                ps.setLong(5, System.currentTimeMillis());
                ps.setString(6, key(node));
                ps.setString(7, id.value().toString());
                return ps.executeUpdate();
            }
        });
    }

    public Optional<Participation> get(String node, TaskId id) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM participations WHERE node = ? AND task_id = ?")) {
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The node's records, newest first. */
    public List<Participation> list(String node) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM participations WHERE node = ? ORDER BY CAST(task_id AS INTEGER) DESC")) {
                ps.setString(1, key(node));
                List<Participation> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
                return out;
            }
        });
    }

    /** Records still waiting for a transaction (after a restart these are resumed first). */
    public List<Participation> unfinished(String node) {
        return list(node).stream().filter(p -> p.state() == ParticipationState.PREPARED
                || p.state() == ParticipationState.COMMITTED || p.state() == ParticipationState.REVEALED).toList();
    }

    public Optional<Long> cursor(String node) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT next_block FROM node_cursors WHERE node = ?")) {
                ps.setString(1, key(node));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    public void saveCursor(String node, long nextBlock) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO node_cursors VALUES (?, ?) "
                    + "ON CONFLICT(node) DO UPDATE SET next_block = MAX(next_block, excluded.next_block)")) {
                ps.setString(1, key(node));
                ps.setLong(2, nextBlock);
                return ps.executeUpdate();
            }
        });
    }

    private static Participation row(ResultSet rs) throws SQLException {
        int consensus = rs.getInt("consensus");
        Integer c = rs.wasNull() ? null : consensus;
        return new Participation(rs.getString("node"), new TaskId(new BigInteger(rs.getString("task_id"))),
                NodeRole.valueOf(rs.getString("role")), ParticipationState.valueOf(rs.getString("state")),
                rs.getString("payload"), rs.getBytes("salt"), rs.getString("note"),
                new BigInteger(rs.getString("reward_wei")), new BigInteger(rs.getString("slashed_wei")),
                rs.getString("penalty_reason"), c, rs.getLong("updated_at"));
    }
}
