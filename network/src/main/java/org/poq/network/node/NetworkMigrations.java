package org.poq.network.node;

import java.util.List;
import org.poq.core.db.Migration;
import org.poq.core.db.MigrationSource;

/** The network module's tables. */
public final class NetworkMigrations implements MigrationSource {
    @Override
    public List<Migration> migrations() {
        return List.of(ParticipationJournal.MIGRATION, ParticipationJournal.BY_NETWORK);
    }
}
