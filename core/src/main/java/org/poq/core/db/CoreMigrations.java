package org.poq.core.db;

import java.util.List;

/** The core module's own tables. */
public final class CoreMigrations implements MigrationSource {
    @Override
    public List<Migration> migrations() {
        return List.of(SettingsStore.MIGRATION);
    }
}
