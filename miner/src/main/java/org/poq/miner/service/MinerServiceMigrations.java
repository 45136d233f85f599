package org.poq.miner.service;

import java.util.List;
import org.poq.core.db.Migration;
import org.poq.core.db.MigrationSource;

/** The miner service's tables. */
public final class MinerServiceMigrations implements MigrationSource {
    @Override
    public List<Migration> migrations() {
        return List.of(MinerJobStore.MIGRATION, MinerJobStore.BY_NETWORK);
    }
}
