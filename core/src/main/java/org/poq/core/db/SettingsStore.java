package org.poq.core.db;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Key-value settings persisted in the database (theme, chosen network, chosen model...). */
public final class SettingsStore {
    public static final Migration MIGRATION = Migration.sql("core/001-settings",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)");

    private final Database db;

    public SettingsStore(Database db) {
        this.db = db;
    }

    public Optional<String> get(String key) {
        return db.query(c -> {
            try (var ps = c.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
                ps.setString(1, key);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void put(String key, String value) {
        db.transaction(c -> {
            try (var ps = c.prepareStatement(
                    "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, key);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }

    /** Every key that starts with {@code prefix}, in order, with its value. */
    public SortedMap<String, String> withPrefix(String prefix) {
        return db.query(c -> {
            try (var ps = c.prepareStatement("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key")) {
                ps.setInt(1, prefix.length());
                ps.setString(2, prefix);
                SortedMap<String, String> out = new TreeMap<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    public void remove(String key) {
        db.transaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM settings WHERE key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }
}
