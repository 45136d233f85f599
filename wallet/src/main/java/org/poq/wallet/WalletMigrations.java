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

    @Override
    public List<Migration> migrations() {
        return List.of(TRANSACTIONS, HISTORY, CONTACTS, SCAN_SCOPES);
    }
}
