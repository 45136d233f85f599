package org.poq.core.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One versioned, forward-only schema change. Its id ("wallet/001-accounts") is recorded once applied
 * and must never change; a module adds a new migration rather than editing an old one.
 */
public interface Migration {
    String id();

    void apply(Connection connection) throws SQLException;

    static Migration sql(String id, String... statements) {
        return new Migration() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void apply(Connection connection) throws SQLException {
                try (var st = connection.createStatement()) {
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                }
            }
        };
    }
}
