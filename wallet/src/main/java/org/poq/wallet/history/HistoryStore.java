package org.poq.wallet.history;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.wallet.Addresses;
import org.poq.wallet.transfer.Asset;
import org.web3j.crypto.Keys;

/**
 * The decoded history in SQLite; inserting the same log twice is a no-op, so scans can overlap. Rows and
 * cursors are kept per network identity ({@link org.poq.network.chain.NetworkIdentity#key()}): a reset chain
 * starts a history of its own, the old one stays apart.
 */
public final class HistoryStore {
    private final Database db;
    private final long chainId;

    public HistoryStore(Database db, long chainId) {
        this.db = db;
        this.chainId = chainId;
    }

    /**
     * What a scan covered: token logs only ({@link #LOGS}) or logs and every block's transactions
     * ({@link #FULL}). Each has its own cursor, so a logs-only scan of a block can never make a full
     * scan skip the native coin in it (the window and the CLI once shared one cursor).
     */
    public static final String LOGS = "logs";
    public static final String FULL = "full";

    /** Stores the entries and moves the account's cursor of that scope on that network, in one transaction. */
    public void append(String network, String account, List<HistoryEntry> entries, long nextBlock, String scope) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR IGNORE INTO wallet_history(chain_id, account, tx_hash, log_index, block, time, kind, asset,
                      direction, counterparty, amount_wei, task_id, reason, network) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
                for (HistoryEntry e : entries) {
                    ps.setLong(1, chainId);
                    ps.setString(14, network);
                    ps.setString(2, Addresses.key(e.account()));
                    ps.setString(3, e.txHash());
                    ps.setInt(4, e.logIndex());
                    ps.setLong(5, e.block());
                    ps.setLong(6, e.time().getEpochSecond());
                    ps.setString(7, e.kind().name());
                    ps.setString(8, e.asset().name());
                    ps.setString(9, e.direction().name());
                    ps.setString(10, e.counterparty() == null ? null : Addresses.key(e.counterparty()));
                    ps.setString(11, e.amount().wei().toString());
                    ps.setString(12, e.taskId());
                    ps.setString(13, e.reason());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO wallet_scan_cursor(network, account, scope, next_block) VALUES (?,?,?,?)
                    ON CONFLICT(network, account, scope) DO UPDATE SET next_block = MAX(next_block, excluded.next_block)""")) {
                ps.setString(1, network);
                ps.setString(2, Addresses.key(account));
                ps.setString(3, scope);
                ps.setLong(4, nextBlock);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public OptionalLong nextBlock(String network, String account, String scope) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT next_block FROM wallet_scan_cursor WHERE network = ? AND account = ? AND scope = ?")) {
                ps.setString(1, network);
                ps.setString(2, Addresses.key(account));
                ps.setString(3, scope);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /** The account's history on that network, oldest first. */
    public List<HistoryEntry> entries(String network, String account) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM wallet_history WHERE network = ? AND account = ? ORDER BY block, log_index")) {
                ps.setString(1, network);
                ps.setString(2, Addresses.key(account));
                List<HistoryEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String cp = rs.getString("counterparty");
                        out.add(new HistoryEntry(rs.getString("account"), rs.getString("tx_hash"), rs.getInt("log_index"),
                                rs.getLong("block"), Instant.ofEpochSecond(rs.getLong("time")),
                                HistoryKind.valueOf(rs.getString("kind")), Asset.valueOf(rs.getString("asset")),
                                HistoryEntry.Direction.valueOf(rs.getString("direction")),
                                cp == null ? null : Keys.toChecksumAddress(cp),
                                TokenAmount.ofWei(new BigInteger(rs.getString("amount_wei"))), rs.getString("task_id"),
                                rs.getString("reason")));
                    }
                }
                return out;
            }
        });
    }
}
