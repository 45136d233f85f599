package org.poq.core.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The application's SQLite file (WAL mode). Every write goes through {@link #transaction}, so a crash
 * leaves either the whole change or none of it. One connection, serialized: SQLite allows one writer
 * anyway, and the app's write rate is small.
 */
public final class Database implements AutoCloseable {
    private final Path file;
    private final Connection connection;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the database and applies every migration found on the class path. */
    public static Database open(Path file) {
        List<Migration> all = new ArrayList<>();
        ServiceLoader.load(MigrationSource.class).forEach(s -> all.addAll(s.migrations()));
        return open(file, all);
    }

    public static Database open(Path file, List<Migration> migrations) {
        makePrivate(file);
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (var st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA foreign_keys=ON");
                st.execute("PRAGMA busy_timeout=5000");
                st.execute("PRAGMA synchronous=NORMAL");
            }
            Database db = new Database(file, c);
            db.migrate(migrations);
            return db;
        } catch (SQLException e) {
            throw new DatabaseException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database holds the user's history and signed transactions: owner-only (0600). Created
     * empty with that mode before SQLite opens it, so it is never readable by others, and SQLite
     * gives its -wal and -shm files the same mode.
     */
    private static void makePrivate(Path file) {
        if (file.toString().isEmpty() || file.toString().startsWith(":memory:")) {
            return;
        }
        try {
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    java.nio.file.Files.createDirectories(parent);
                }
                java.nio.file.Files.createFile(file);
            }
        } catch (java.io.IOException e) {
            throw new DatabaseException("cannot create the database " + file + ": " + org.poq.core.FilePermissions.describe(e), e);
        }
        org.poq.core.FilePermissions.ownerOnly(file);
    }

    private synchronized void migrate(List<Migration> migrations) throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
        }
        Set<String> applied = new HashSet<>();
        try (var rs = connection.createStatement().executeQuery("SELECT id FROM schema_migrations")) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Migration m : migrations) {
            if (!seen.add(m.id())) {
                throw new IllegalStateException("two migrations share the id " + m.id());
            }
            if (applied.contains(m.id())) {
                continue;
            }
            transaction(c -> {
                m.apply(c);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_migrations VALUES (?, ?)")) {
                    ps.setString(1, m.id());
                    ps.setLong(2, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    public Path file() {
        return file;
    }

    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction: all of it is committed, or on any error none of it. */
    public synchronized <T> T transaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException("database error: " + e.getMessage(), e);
        }
    }

    /** A read (or single-statement write) outside an explicit transaction. */
    public synchronized <T> T query(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DatabaseException("cannot close the database: " + e.getMessage(), e);
        }
    }
}
