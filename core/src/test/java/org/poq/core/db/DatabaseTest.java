package org.poq.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void appliesMigrationsOnceAndKeepsDataAcrossReopen() {
        Path file = dir.resolve("poq.db");
        try (Database db = Database.open(file)) {
            new SettingsStore(db).put("theme", "dark");
        }
        try (Database db = Database.open(file)) {
            assertThat(new SettingsStore(db).get("theme")).contains("dark");
            int rows = db.query(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM schema_migrations WHERE id = 'core/001-settings'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(1);
            String mode = db.query(c -> {
                try (var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(mode).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Database db = Database.open(dir.resolve("t.db"), List.of(
                Migration.sql("t/001", "CREATE TABLE t (x INTEGER NOT NULL)")))) {
            assertThatThrownBy(() -> db.transaction(c -> {
                c.createStatement().execute("INSERT INTO t VALUES (1)");
                throw new SQLException("boom");
            })).isInstanceOf(DatabaseException.class).hasMessageContaining("boom");
            int count = db.query(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(count).isZero();
        }
    }

    @Test
    void aFailedMigrationIsNotRecorded() {
        Path file = dir.resolve("m.db");
        assertThatThrownBy(() -> Database.open(file, List.of(Migration.sql("bad/001", "CREATE TABLE x (", "nonsense"))))
                .isInstanceOf(DatabaseException.class);
        try (Database db = Database.open(file, List.of(Migration.sql("bad/001", "CREATE TABLE x (a INTEGER)")))) {
            int n = db.query(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM schema_migrations")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(n).isEqualTo(1);
        }
    }

    @Test
    void everyCallRunsOnTheDatabasesNamedThreadAndAForbiddenThreadIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) {
        try (Database db = Database.open(tmp.resolve("named.db"))) {
            String caller = Thread.currentThread().getName();
            String worker = db.query(c -> Thread.currentThread().getName());
            assertThat(worker).isEqualTo("poq-db-named.db");
            String nested = db.transaction(c -> db.query(c2 -> Thread.currentThread().getName()));
            assertThat(nested).as("nested calls run inline, not deadlocked").isEqualTo("poq-db-named.db");
            db.forbidOn(() -> Thread.currentThread().getName().equals(caller));
            assertThatThrownBy(() -> db.<Integer>query(c -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the database is not read on the UI thread: run this in background work");
            int other = java.util.concurrent.CompletableFuture.supplyAsync(() -> db.<Integer>query(c -> 2)).join();
            assertThat(other).as("other threads still may").isEqualTo(2);
        }
    }
}
