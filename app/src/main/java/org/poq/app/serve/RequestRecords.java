package org.poq.app.serve;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.poq.core.TaskId;
import org.poq.core.db.Database;
import org.poq.core.db.Migration;

/**
 * The endpoint's paid requests, as rows of the data folder's database next to the spending ledger: the
 * claim (the client's Idempotency-Key, or the body's hash), the body's hash, the ledger reservation that
 * pays for it, the task once submitted, its state and the process that runs it. What {@link InFlight}
 * knows only while a process lives, kept so that an SDK retry after a restart, or sent to a second
 * `poq serve` on the same data folder, attaches to the task already paid for. Only {@link SpendLedger}
 * changes the rows, under its folder lock.
 */
final class RequestRecords {
    static final Migration MIGRATION = Migration.sql("app/001-serve-requests",
            "CREATE TABLE serve_requests (claim TEXT PRIMARY KEY, body_hash TEXT NOT NULL, keyed INTEGER NOT NULL, "
                    + "reservation TEXT, task_id TEXT, state TEXT NOT NULL, owner TEXT NOT NULL, ended_at INTEGER)",
            "CREATE INDEX serve_requests_reservation ON serve_requests(reservation)");

    /** CHECKING: claimed, not paid yet; RUNNING: the task is on chain; ANSWERED: the request got its answer (or error). */
    enum State { CHECKING, RUNNING, ANSWERED }

    record Row(String claim, String bodyHash, boolean keyed, String reservation, TaskId task, State state, String owner, Instant ended) {
    }

    private final Database db;

    RequestRecords(Database db) {
        this.db = db;
    }

    Optional<Row> get(String claim) {
        return db.query(c -> {
            try (var ps = c.prepareStatement("SELECT claim, body_hash, keyed, reservation, task_id, state, owner, ended_at "
                    + "FROM serve_requests WHERE claim = ?")) {
                ps.setString(1, claim);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        String task = rs.getString(5);
        long ended = rs.getLong(8);
        return new Row(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4),
                task == null ? null : new TaskId(new BigInteger(task)), State.valueOf(rs.getString(6)), rs.getString(7),
                rs.wasNull() ? null : Instant.ofEpochMilli(ended));
    }

    /** The tasks the recorded requests paid for (running, or answered within the time retries are kept). */
    Set<TaskId> taskIds() {
        return db.query(c -> {
            Set<TaskId> out = new HashSet<>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT task_id FROM serve_requests WHERE task_id IS NOT NULL")) {
                while (rs.next()) {
                    out.add(new TaskId(new BigInteger(rs.getString(1))));
                }
            }
            return out;
        });
    }

    /** A new claim by {@code owner}, replacing whatever row the claim had. */
    void insert(String claim, String bodyHash, boolean keyed, String owner) {
        update("INSERT OR REPLACE INTO serve_requests(claim, body_hash, keyed, state, owner) VALUES (?, ?, ?, 'CHECKING', ?)",
                claim, bodyHash, keyed ? 1 : 0, owner);
    }

    void reserved(String claim, String reservation) {
        update("UPDATE serve_requests SET reservation = ? WHERE claim = ?", reservation, claim);
    }

    /** The task that {@code reservation} paid for is on chain (recorded at submit, or found by reconciling). */
    void taskFound(String reservation, TaskId task) {
        update("UPDATE serve_requests SET task_id = ?, state = CASE state WHEN 'CHECKING' THEN 'RUNNING' ELSE state END "
                + "WHERE reservation = ?", task.value().toString(), reservation);
    }

    /** The request now follows {@code task}, which an earlier process paid for. */
    void attached(String claim, String owner) {
        update("UPDATE serve_requests SET owner = ? WHERE claim = ?", owner, claim);
    }

    void answered(String claim, Instant at) {
        update("UPDATE serve_requests SET state = 'ANSWERED', ended_at = ? WHERE claim = ? AND task_id IS NOT NULL",
                at.toEpochMilli(), claim);
    }

    /** The task of {@code reservation} finished while no process answered its request (the process died). */
    void endedByReservation(String reservation, Instant at) {
        update("UPDATE serve_requests SET state = 'ANSWERED', ended_at = ? WHERE reservation = ? AND state <> 'ANSWERED' "
                + "AND task_id IS NOT NULL", at.toEpochMilli(), reservation);
    }

    /** The reservation was released without a task: its request's row says nothing anymore. */
    void forgetReservation(String reservation) {
        update("DELETE FROM serve_requests WHERE reservation = ? AND task_id IS NULL", reservation);
    }

    void remove(String claim) {
        update("DELETE FROM serve_requests WHERE claim = ?", claim);
    }

    /** Forgets answered requests older than {@code cutoff}: past the round's timeout nobody retries them. */
    void expire(Instant cutoff) {
        update("DELETE FROM serve_requests WHERE state = 'ANSWERED' AND ended_at < ?", cutoff.toEpochMilli());
    }

    private void update(String sql, Object... args) {
        db.transaction(c -> {
            try (var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }
}
