package org.poq.core.db;

import java.io.IOException;
import java.nio.file.Files;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.poq.core.FilePermissions;

/**
 * The application's SQLite file (WAL mode). Every write goes through {@link #transaction}, so a crash
 * leaves either the whole change or none of it. One connection, used only by one named thread
 * ({@code poq-db-<file>}, as Sparrow's per-wallet {@code -dbupdater}): SQLite allows one writer anyway,
 * callers from any thread wait for their turn there, and a thread dump names who holds the database.
 * A face can forbid its UI thread ({@link #forbidOn}): a read there would freeze the window behind a
 * node's journal write.
 */
public final class Database implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final ExecutorService worker;
    private volatile Thread workerThread;
    private volatile BooleanSupplier forbidden = () -> false;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "poq-db-" + file.getFileName());
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
    }

    /** Makes every call from a thread where {@code uiThread} holds fail loudly instead of freezing that thread. */
    public void forbidOn(BooleanSupplier uiThread) {
        this.forbidden = uiThread;
    }

    /** Runs the work on the database's thread and waits for it; inline when already there (migrations, nesting). */
    private <T> T onWorker(SqlWork<T> work) throws SQLException {
        return onWorker(work, true);
    }

    private <T> T onWorker(SqlWork<T> work, boolean guarded) throws SQLException {
        if (Thread.currentThread() == workerThread) {
            return work.run(connection);
        }
        if (guarded && forbidden.getAsBoolean()) {
            throw new IllegalStateException("the database is not read on the UI thread: run this in background work");
        }
        Future<T> f;
        try {
            f = worker.submit(() -> work.run(connection));
        } catch (RejectedExecutionException e) {
            throw new DatabaseException("the database " + file.getFileName() + " is closed", e);
        }
        // waits as the synchronized connection did, without regard to interrupts: a node's cancelled work
        // leaves its thread interrupted, and a journal write must still complete (the flag is kept)
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException sql) {
                throw sql;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new DatabaseException("database error: " + c.getMessage(), c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
            try {
                db.migrate(migrations);
            } catch (SQLException | RuntimeException e) {
                try {
                    db.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
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
            if (!Files.exists(file)) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new DatabaseException("cannot create the database " + file + ": " + FilePermissions.describe(e), e);
        }
        FilePermissions.ownerOnly(file);
    }

    private void migrate(List<Migration> migrations) throws SQLException {
        onWorker(c -> {
            applyMigrations(migrations);
            return null;
        });
    }

    private void applyMigrations(List<Migration> migrations) throws SQLException {
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
    public <T> T transaction(SqlWork<T> work) {
        try {
            return onWorker(c -> {
                boolean outer = c.getAutoCommit();
                if (!outer) {
                    return work.run(c); // nested in a transaction already open on this thread: part of it
                }
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new DatabaseException("database error: " + e.getMessage(), e);
        }
    }

    /** A read (or single-statement write) outside an explicit transaction. */
    public <T> T query(SqlWork<T> work) {
        try {
            return onWorker(work);
        } catch (SQLException e) {
            throw new DatabaseException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (worker.isShutdown()) {
            return;
        }
        try {
            // closing is allowed from anywhere: the app closes its context when the window goes
            onWorker(c -> {
                c.close();
                return null;
            }, false);
        } catch (SQLException e) {
            throw new DatabaseException("cannot close the database: " + e.getMessage(), e);
        } finally {
            worker.shutdown();
        }
    }
}
