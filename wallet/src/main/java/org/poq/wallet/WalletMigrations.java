package org.poq.wallet;

import java.util.List;
import org.poq.core.db.Migration;
import org.poq.core.db.MigrationSource;

/** The wallet's tables. Only public data lives here: addresses, hashes, amounts, signed transactions. */
public final class WalletMigrations implements MigrationSource {
    public static final Migration TRANSACTIONS = Migration.sql("wallet/001-transactions",
            """
            CREATE TABLE wallet_tx (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              chain_id INTEGER NOT NULL,
              hash TEXT NOT NULL,
              kind TEXT NOT NULL,
              replaces INTEGER REFERENCES wallet_tx(id),
              from_addr TEXT NOT NULL,
              to_addr TEXT NOT NULL,
              recipient TEXT NOT NULL,
              asset TEXT NOT NULL,
              amount_wei TEXT NOT NULL,
              nonce INTEGER NOT NULL,
              gas_limit TEXT NOT NULL,
              max_fee TEXT NOT NULL,
              priority_fee TEXT NOT NULL,
              raw TEXT NOT NULL,
              status TEXT NOT NULL,
              error TEXT,
              fee_paid_wei TEXT,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              UNIQUE (chain_id, hash))""",
            "CREATE INDEX wallet_tx_open ON wallet_tx(chain_id, from_addr, status)");

    public static final Migration HISTORY = Migration.sql("wallet/002-history",
            """
            CREATE TABLE wallet_history (
              chain_id INTEGER NOT NULL,
              account TEXT NOT NULL,
              tx_hash TEXT NOT NULL,
              log_index INTEGER NOT NULL,
              block INTEGER NOT NULL,
              time INTEGER NOT NULL,
              kind TEXT NOT NULL,
              asset TEXT NOT NULL,
              direction TEXT NOT NULL,
              counterparty TEXT,
              amount_wei TEXT NOT NULL,
              task_id TEXT,
              reason TEXT NOT NULL,
              PRIMARY KEY (chain_id, account, tx_hash, log_index))""",
            "CREATE INDEX wallet_history_time ON wallet_history(chain_id, account, block)",
            """
            CREATE TABLE wallet_scan (
              chain_id INTEGER NOT NULL,
              account TEXT NOT NULL,
              next_block INTEGER NOT NULL,
              PRIMARY KEY (chain_id, account))""");

    public static final Migration CONTACTS = Migration.sql("wallet/003-contacts",
            "CREATE TABLE wallet_contacts (address TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)");

    /** A scan cursor per scope (logs only, or full): see HistoryStore. Old cursors were shared, so they count as logs-only. */
    public static final Migration SCAN_SCOPES = Migration.sql("wallet/004-scan-scopes",
            """
            CREATE TABLE wallet_scan_scope (
              chain_id INTEGER NOT NULL,
              account TEXT NOT NULL,
              scope TEXT NOT NULL,
              next_block INTEGER NOT NULL,
              PRIMARY KEY (chain_id, account, scope))""",
            "INSERT INTO wallet_scan_scope(chain_id, account, scope, next_block) SELECT chain_id, account, 'logs', next_block FROM wallet_scan");

    /**
     * Records keyed by the network's identity (chain id, market, deploy block's hash; decision 0037), not by
     * the chain id alone: after a chain reset or a redeploy to the same addresses the old records are kept
     * apart and never acted on. Rows from before carry 'chain:ID', an identity no connection has, so the
     * history of the current network is scanned afresh and old transactions are never re-sent.
     */
    public static final Migration NETWORK_IDENTITY = Migration.sql("wallet/005-network-identity",
            "ALTER TABLE wallet_tx ADD COLUMN network TEXT",
            "UPDATE wallet_tx SET network = 'chain:' || chain_id",
            """
            CREATE TABLE wallet_history_by_network (
              network TEXT NOT NULL,
              chain_id INTEGER NOT NULL,
              account TEXT NOT NULL,
              tx_hash TEXT NOT NULL,
              log_index INTEGER NOT NULL,
              block INTEGER NOT NULL,
              time INTEGER NOT NULL,
              kind TEXT NOT NULL,
              asset TEXT NOT NULL,
              direction TEXT NOT NULL,
              counterparty TEXT,
              amount_wei TEXT NOT NULL,
              task_id TEXT,
              reason TEXT NOT NULL,
              PRIMARY KEY (network, account, tx_hash, log_index))""",
            """
            INSERT INTO wallet_history_by_network SELECT 'chain:' || chain_id, chain_id, account, tx_hash, log_index, block,
              time, kind, asset, direction, counterparty, amount_wei, task_id, reason FROM wallet_history""",
            "DROP TABLE wallet_history",
            "ALTER TABLE wallet_history_by_network RENAME TO wallet_history",
            "CREATE INDEX wallet_history_time ON wallet_history(network, account, block)",
            """
            CREATE TABLE wallet_scan_cursor (
              network TEXT NOT NULL,
              account TEXT NOT NULL,
              scope TEXT NOT NULL,
              next_block INTEGER NOT NULL,
              PRIMARY KEY (network, account, scope))""",
            """
            INSERT INTO wallet_scan_cursor(network, account, scope, next_block)
              SELECT 'chain:' || chain_id, account, scope, next_block FROM wallet_scan_scope""");

    @Override
    public List<Migration> migrations() {
        return List.of(TRANSACTIONS, HISTORY, CONTACTS, SCAN_SCOPES, NETWORK_IDENTITY);
    }
}
