package org.poq.miner.library;

import java.util.List;
import org.poq.core.db.Migration;
import org.poq.core.db.MigrationSource;

/** The miner module's tables. */
public final class MinerMigrations implements MigrationSource {
    static final Migration MODELS = Migration.sql("miner/001-models",
            """
            CREATE TABLE miner_models (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              path TEXT NOT NULL,
              size_bytes INTEGER NOT NULL,
              architecture TEXT NOT NULL,
              parameter_count INTEGER NOT NULL,
              quantization TEXT NOT NULL,
              context_length INTEGER NOT NULL,
              expert_count INTEGER NOT NULL,
              chat_family TEXT NOT NULL,
              tokenizer TEXT NOT NULL,
              source TEXT NOT NULL,
              added_at INTEGER NOT NULL
            )""");

    /** Catalog entries pulled into the library, with the hash each file was verified against (decision 0019). */
    static final Migration CATALOG_PULLS = Migration.sql("miner/002-catalog-pulls",
            """
            CREATE TABLE miner_catalog_pulls (
              name TEXT NOT NULL,
              quant TEXT NOT NULL,
              model_id TEXT NOT NULL,
              family TEXT NOT NULL,
              parts TEXT NOT NULL,
              pulled_at INTEGER NOT NULL,
              PRIMARY KEY (name, quant)
            )""");

    @Override
    public List<Migration> migrations() {
        return List.of(MODELS, CATALOG_PULLS);
    }
}
