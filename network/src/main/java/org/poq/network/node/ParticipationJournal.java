package org.poq.network.node;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.poq.core.TaskId;
import org.poq.core.db.Database;
import org.poq.core.db.Migration;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.NodeRole;

/**
 * The node's write-ahead record of its commitments. The payload (answer or scores) and the salt are
 * written before the commit transaction is sent, so after a crash the node can still reveal; the
 * primary key (network, node, task) makes sure a task is worked on and committed once.
 *
 * <p>Records and the log cursor are kept per network identity (chain id, market, deploy block's hash:
 * {@link NetworkIdentity#key()}). A node {@link #enter}s the network it runs on; every other method
 * reads and writes the records of the network the node entered last. After a chain reset, a redeploy
 * to the same addresses or a data folder taken to another chain, the old records stay apart, under
 * their own identity, and are never acted on: a task #1 of the new chain is a new task. Records from
 * before identities were kept (network '') are adopted by the first network a node enters.
 */
public final class ParticipationJournal {
    public static final Migration MIGRATION = Migration.sql("network/001-participations",
            "CREATE TABLE participations (node TEXT NOT NULL, task_id TEXT NOT NULL, role TEXT NOT NULL, "
                    + "state TEXT NOT NULL, payload TEXT, salt BLOB, note TEXT, reward_wei TEXT NOT NULL DEFAULT '0', "
                    + "slashed_wei TEXT NOT NULL DEFAULT '0', penalty_reason TEXT, consensus INTEGER, "
                    + "updated_at INTEGER NOT NULL, PRIMARY KEY (node, task_id))",
            "CREATE TABLE node_cursors (node TEXT PRIMARY KEY, next_block INTEGER NOT NULL)");
    /** Decision record 0036: the records know their network. */
    public static final Migration BY_NETWORK = Migration.sql("network/002-participations-by-network",
            "CREATE TABLE participations_by_network (network TEXT NOT NULL DEFAULT '', node TEXT NOT NULL, "
                    + "task_id TEXT NOT NULL, role TEXT NOT NULL, state TEXT NOT NULL, payload TEXT, salt BLOB, note TEXT, "
                    + "reward_wei TEXT NOT NULL DEFAULT '0', slashed_wei TEXT NOT NULL DEFAULT '0', penalty_reason TEXT, "
                    + "consensus INTEGER, updated_at INTEGER NOT NULL, PRIMARY KEY (network, node, task_id))",
            "INSERT INTO participations_by_network (node, task_id, role, state, payload, salt, note, reward_wei, "
                    + "slashed_wei, penalty_reason, consensus, updated_at) SELECT node, task_id, role, state, payload, salt, "
                    + "note, reward_wei, slashed_wei, penalty_reason, consensus, updated_at FROM participations",
            "DROP TABLE participations",
            "ALTER TABLE participations_by_network RENAME TO participations",
            "CREATE TABLE node_cursors_by_network (network TEXT NOT NULL DEFAULT '', node TEXT NOT NULL, "
                    + "next_block INTEGER NOT NULL, PRIMARY KEY (network, node))",
            "INSERT INTO node_cursors_by_network (node, next_block) SELECT node, next_block FROM node_cursors",
            "DROP TABLE node_cursors",
            "ALTER TABLE node_cursors_by_network RENAME TO node_cursors",
            "CREATE TABLE node_networks (node TEXT PRIMARY KEY, network TEXT NOT NULL)");
    /** The network a node entered last; '' (the records of a node that never entered one) when none. */
    private static final String SCOPE = "COALESCE((SELECT network FROM node_networks WHERE node = ?), '')";

    private final Database db;

    public ParticipationJournal(Database db) {
        this.db = db;
    }

    private static String key(String address) {
        return address.toLowerCase();
    }

    /**
     * Makes {@code network} the one this node's records are read and written for from now on. Returns
     * the identity it was on before when that was another one (its records are then kept apart); empty
     * when it is the same, or when the node never entered one (its records from before are adopted).
     */
    public Optional<NetworkIdentity> enter(String node, NetworkIdentity network) {
        return db.transaction(c -> {
            String before;
            try (PreparedStatement ps = c.prepareStatement("SELECT network FROM node_networks WHERE node = ?")) {
                ps.setString(1, key(node));
                try (ResultSet rs = ps.executeQuery()) {
                    before = rs.next() ? rs.getString(1) : null;
                }
            }
            if (network.key().equals(before)) {
                return Optional.<NetworkIdentity>empty();
            }
            if (before == null) {
                for (String table : List.of("participations", "node_cursors")) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET network = ? WHERE network = '' AND node = ?")) {
                        ps.setString(1, network.key());
                        ps.setString(2, key(node));
                        ps.executeUpdate();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO node_networks VALUES (?, ?) "
                    + "ON CONFLICT(node) DO UPDATE SET network = excluded.network")) {
                ps.setString(1, key(node));
                ps.setString(2, network.key());
                ps.executeUpdate();
            }
            return before == null ? Optional.<NetworkIdentity>empty() : NetworkIdentity.parse(before);
        });
    }

    /** The key of the network the node entered last ({@link NetworkIdentity#key()}); empty before its first. */
    public Optional<String> networkOf(String node) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT network FROM node_networks WHERE node = ?")) {
                ps.setString(1, key(node));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Every node with records in this journal, with the key of the network it entered last ('' for none), by address. */
    public Map<String, String> nodes() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT p.node, COALESCE(n.network, '') FROM participations p "
                    + "LEFT JOIN node_networks n ON n.node = p.node UNION SELECT node, network FROM node_networks ORDER BY 1")) {
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.putIfAbsent(rs.getString(1), rs.getString(2));
                }
                return out;
            }
        });
    }

    /** The node's records made on {@code network}, newest first, whichever network it is on now. */
    public List<Participation> listOn(String node, NetworkIdentity network) {
        return list(node, network.key());
    }

    /** Records finished work; false if this node already has a record for the task (never work twice). */
    public boolean prepare(String node, TaskId id, NodeRole role, Payload payload, byte[] salt) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO participations "
                    + "(node, task_id, role, state, payload, salt, updated_at, network) VALUES (?, ?, ?, ?, ?, ?, ?, " + SCOPE + ")")) {
                ps.setString(8, key(node));
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                ps.setString(3, role.name());
                ps.setString(4, ParticipationState.PREPARED.name());
                ps.setString(5, PayloadCodec.encode(payload));
                ps.setBytes(6, salt);
                ps.setLong(7, System.currentTimeMillis());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public boolean fail(String node, TaskId id, NodeRole role, String reason) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO participations (node, task_id, role, state, note, updated_at, network) "
                    + "VALUES (?, ?, ?, 'FAILED', ?, ?, " + SCOPE + ") ON CONFLICT(network, node, task_id) DO UPDATE SET state = 'FAILED', "
                    + "note = excluded.note, updated_at = excluded.updated_at WHERE state IN ('PREPARED', 'COMMITTED')")) {
                ps.setString(6, key(node));
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
                    "UPDATE participations SET state = ?, updated_at = ? WHERE node = ? AND task_id = ? AND network = " + SCOPE)) {
                ps.setString(5, key(node));
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
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO participations (node, task_id, role, state, note, updated_at, network) "
                    + "VALUES (?, ?, ?, 'FAILED', 'did not take part', ?, " + SCOPE + ") ON CONFLICT(network, node, task_id) DO NOTHING")) {
                ps.setString(5, key(node));
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                ps.setString(3, role.name());
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            // wei amounts overflow SQLite's 64-bit integers: they are kept as decimal text
            try (PreparedStatement ps = c.prepareStatement("UPDATE participations SET reward_wei = ?, slashed_wei = ?, "
                    + "penalty_reason = ?, consensus = ?, updated_at = ?, "
                    + "state = CASE WHEN state = 'FAILED' THEN 'FAILED' ELSE 'FINISHED' END WHERE node = ? AND task_id = ? "
                    + "AND network = " + SCOPE)) {
                ps.setString(8, key(node));
                ps.setString(1, reward.toString());
                ps.setString(2, slashed.toString());
                ps.setString(3, penaltyReason);
                if (consensus == null) ps.setNull(4, Types.INTEGER); else ps.setInt(4, consensus);
                ps.setLong(5, System.currentTimeMillis());
                ps.setString(6, key(node));
                ps.setString(7, id.value().toString());
                return ps.executeUpdate();
            }
        });
    }

    public Optional<Participation> get(String node, TaskId id) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM participations WHERE node = ? AND task_id = ? AND network = " + SCOPE)) {
                ps.setString(3, key(node));
                ps.setString(1, key(node));
                ps.setString(2, id.value().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The node's records on the network it is on, newest first. */
    public List<Participation> list(String node) {
        return list(node, null);
    }

    private List<Participation> list(String node, String network) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM participations WHERE node = ? AND network = "
                    + (network == null ? SCOPE : "?") + " ORDER BY CAST(task_id AS INTEGER) DESC")) {
                ps.setString(1, key(node));
                ps.setString(2, network == null ? key(node) : network);
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
            try (PreparedStatement ps = c.prepareStatement("SELECT next_block FROM node_cursors WHERE node = ? AND network = " + SCOPE)) {
                ps.setString(1, key(node));
                ps.setString(2, key(node));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    public void saveCursor(String node, long nextBlock) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO node_cursors (network, node, next_block) VALUES ("
                    + SCOPE + ", ?, ?) ON CONFLICT(network, node) DO UPDATE SET next_block = MAX(next_block, excluded.next_block)")) {
                ps.setString(1, key(node));
                ps.setString(2, key(node));
                ps.setLong(3, nextBlock);
                return ps.executeUpdate();
            }
        });
    }

    private static Participation row(ResultSet rs) throws SQLException {
        int consensus = rs.getInt("consensus");
        Integer c = rs.wasNull() ? null : consensus;
        NodeRole role = NodeRole.valueOf(rs.getString("role"));
        return new Participation(rs.getString("node"), new TaskId(new BigInteger(rs.getString("task_id"))),
                role, ParticipationState.valueOf(rs.getString("state")), PayloadCodec.decode(role, rs.getString("payload")), rs.getBytes("salt"), rs.getString("note"),
                new BigInteger(rs.getString("reward_wei")), new BigInteger(rs.getString("slashed_wei")),
                rs.getString("penalty_reason"), c, rs.getLong("updated_at"));
    }
}
