package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.wallet.Addresses;
import org.poq.wallet.transfer.PendingTransaction.Kind;
import org.poq.wallet.transfer.PendingTransaction.Status;

/** The wallet's own transactions in SQLite: written before a broadcast, updated as they settle. */
public final class PendingTxStore {
    private final Database db;
    private final Clock clock;

    public PendingTxStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public PendingTransaction insert(long chainId, String network, String hash, Kind kind, Long replaces, String from, String to,
                                     String recipient, Asset asset, TokenAmount amount, long nonce, BigInteger gasLimit,
                                     BigInteger maxFee, BigInteger priorityFee, String raw) {
        long now = clock.millis();
        long id = db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO wallet_tx(chain_id, hash, kind, replaces, from_addr, to_addr, recipient, asset, amount_wei,
                      nonce, gas_limit, max_fee, priority_fee, raw, status, created_at, updated_at, network)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, chainId);
                ps.setString(2, hash);
                ps.setString(3, kind.name());
                if (replaces == null) {
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setLong(4, replaces);
                }
                ps.setString(5, Addresses.key(from));
                ps.setString(6, Addresses.key(to));
                ps.setString(7, Addresses.key(recipient));
                ps.setString(8, asset.name());
                ps.setString(9, amount.wei().toString());
                ps.setLong(10, nonce);
                ps.setString(11, gasLimit.toString());
                ps.setString(12, maxFee.toString());
                ps.setString(13, priorityFee.toString());
                ps.setString(14, raw);
                ps.setString(15, Status.SIGNED.name());
                ps.setLong(16, now);
                ps.setLong(17, now);
                ps.setString(18, network);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return byId(id).orElseThrow();
    }

    public PendingTransaction update(long id, Status status, String error, TokenAmount feePaid) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE wallet_tx SET status = ?, error = ?, fee_paid_wei = COALESCE(?, fee_paid_wei), updated_at = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, error);
                ps.setString(3, feePaid == null ? null : feePaid.wei().toString());
                ps.setLong(4, clock.millis());
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
        return byId(id).orElseThrow();
    }

    /** Moves a transaction to the network it was found on (a record from before network identities were kept). */
    public void adopt(long id, String network) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wallet_tx SET network = ? WHERE id = ?")) {
                ps.setString(1, network);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    public Optional<PendingTransaction> byId(long id) {
        List<PendingTransaction> l = select("WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Signed or pending transactions of the network (all senders), oldest first. */
    public List<PendingTransaction> open(String network) {
        return select("WHERE network = ? AND status IN ('SIGNED','PENDING') ORDER BY id", network);
    }

    /**
     * Transactions of the chain id stored under another network identity that may still matter: open
     * ones, and ones mined at or after {@code since}. After a reset they are the ones to show as dropped.
     */
    public List<PendingTransaction> elsewhere(long chainId, String network, Instant since) {
        return select("WHERE chain_id = ? AND network <> ? AND (status IN ('SIGNED','PENDING') OR (status IN ('CONFIRMED','FAILED')"
                + " AND updated_at >= ?)) ORDER BY id", chainId, network, since.toEpochMilli());
    }

    /** Dropped transactions of the network: re-checked, as a node may still mine them. */
    public List<PendingTransaction> dropped(String network) {
        return select("WHERE network = ? AND status = 'DROPPED' ORDER BY id", network);
    }

    /** The store's clock: what its timestamps are read against. */
    Instant now() {
        return clock.instant();
    }

    /** Transactions that settled as mined (confirmed or failed) at or after {@code since}, oldest first. */
    public List<PendingTransaction> minedSince(String network, Instant since) {
        return select("WHERE network = ? AND status IN ('CONFIRMED','FAILED') AND updated_at >= ? ORDER BY id", network,
                since.toEpochMilli());
    }

    /**
     * The sender's transactions on the network, and the dropped ones of the same chain id from before a
     * reset (shown so that they can be sent again), oldest first.
     */
    public List<PendingTransaction> all(long chainId, String network, String from) {
        return select("WHERE from_addr = ? AND (network = ? OR (chain_id = ? AND status = 'DROPPED')) ORDER BY id",
                Addresses.key(from), network, chainId);
    }

    /** The highest nonce held by an open transaction of the sender on the network, or -1. */
    public long maxOpenNonce(String network, String from) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(nonce) FROM wallet_tx WHERE network = ? AND from_addr = ? AND status IN ('SIGNED','PENDING')")) {
                ps.setString(1, network);
                ps.setString(2, Addresses.key(from));
                try (ResultSet rs = ps.executeQuery()) {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? -1L : v;
                }
            }
        });
    }

    private List<PendingTransaction> select(String where, Object... args) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM wallet_tx " + where)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                List<PendingTransaction> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    private static PendingTransaction read(ResultSet rs) throws SQLException {
        long replaces = rs.getLong("replaces");
        Long rep = rs.wasNull() ? null : replaces;
        String fee = rs.getString("fee_paid_wei");
        return new PendingTransaction(rs.getLong("id"), rs.getLong("chain_id"), rs.getString("hash"),
                Kind.valueOf(rs.getString("kind")), rep, rs.getString("from_addr"), rs.getString("to_addr"),
                rs.getString("recipient"), Asset.valueOf(rs.getString("asset")),
                TokenAmount.ofWei(new BigInteger(rs.getString("amount_wei"))), rs.getLong("nonce"),
                new BigInteger(rs.getString("gas_limit")), new BigInteger(rs.getString("max_fee")),
                new BigInteger(rs.getString("priority_fee")), rs.getString("raw"), Status.valueOf(rs.getString("status")),
                rs.getString("network"), rs.getString("error"), fee == null ? null : TokenAmount.ofWei(new BigInteger(fee)),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
