package org.poq.miner.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.poq.core.Sha256;
import org.poq.core.db.Database;

/**
 * Which catalog entries were pulled into the library, and with which hashes: a hash read from the
 * host is recorded here, so a re-download of a deleted file verifies against the same hash.
 */
public final class CatalogPulls {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param hashFrom the catalog's source for a pinned hash, or the host header / API it was read from */
    public record PulledPart(String file, String sha256, long size, String hashFrom) {
    }

    public record Pull(String name, String quant, Sha256 modelId, String family, List<PulledPart> parts, Instant pulledAt) {
    }

    private final Database db;

    public CatalogPulls(Database db) {
        this.db = db;
    }

    public void record(Pull p) {
        String parts;
        try {
            parts = JSON.writeValueAsString(p.parts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO miner_catalog_pulls VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, p.name());
                ps.setString(2, p.quant());
                ps.setString(3, p.modelId().hex());
                ps.setString(4, p.family());
                ps.setString(5, parts);
                ps.setLong(6, p.pulledAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public List<Pull> list() {
        return db.query(c -> {
            List<Pull> all = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM miner_catalog_pulls ORDER BY pulled_at, name")) {
                while (rs.next()) {
                    all.add(row(rs));
                }
            }
            return all;
        });
    }

    public Optional<Pull> find(String name, String quant) {
        return list().stream().filter(p -> p.name().equalsIgnoreCase(name) && p.quant().equalsIgnoreCase(quant)).findFirst();
    }

    public List<Pull> ofModel(Sha256 modelId) {
        return list().stream().filter(p -> p.modelId().equals(modelId)).toList();
    }

    /** Forgets every pull of a model (it was removed from the library). */
    public void forget(Sha256 modelId) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM miner_catalog_pulls WHERE model_id = ?")) {
                ps.setString(1, modelId.hex());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Pull row(ResultSet rs) throws SQLException {
        List<PulledPart> parts;
        try {
            parts = JSON.readValue(rs.getString("parts"), new TypeReference<List<PulledPart>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("miner_catalog_pulls.parts is not the JSON this app writes", e);
        }
        return new Pull(rs.getString("name"), rs.getString("quant"), Sha256.parse(rs.getString("model_id")),
                rs.getString("family"), parts, Instant.ofEpochMilli(rs.getLong("pulled_at")));
    }
}
