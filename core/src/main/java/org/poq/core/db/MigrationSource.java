package org.poq.core.db;

import java.util.List;

/**
 * A module's migrations, found through {@link java.util.ServiceLoader} so that core need not know the
 * modules above it. Register an implementation in META-INF/services/org.poq.core.db.MigrationSource.
 */
public interface MigrationSource {
    List<Migration> migrations();
}
