package org.poq.app.serve;

import java.util.List;
import org.poq.core.db.Migration;
import org.poq.core.db.MigrationSource;

/** The endpoint's tables (its spending ledger lives in the settings table; its paid requests in their own). */
public final class ServeMigrations implements MigrationSource {
    @Override
    public List<Migration> migrations() {
        return List.of(RequestRecords.MIGRATION);
    }
}
