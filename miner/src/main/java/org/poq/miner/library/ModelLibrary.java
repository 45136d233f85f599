package org.poq.miner.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.gguf.GgufException;
import org.poq.miner.gguf.ModelMetadata;

/**
 * The user's models: files under the app's models folder (named by their SHA-256), listed in the
 * database. A model is listed only once its file is whole, readable as GGUF and, when downloaded, has
 * the promised checksum; a failure leaves the library as it was and the user's own file untouched.
 * Blocking I/O: call from a background thread.
 */
public final class ModelLibrary {
    private final Database db;
    private final Path modelsDir;
    private final ModelDownloader downloader;

    public ModelLibrary(Database db, Path modelsDir, ModelDownloader downloader) {
        this.db = db;
        this.modelsDir = modelsDir;
        this.downloader = downloader;
    }

    /** Copies a GGUF file into the library; importing the same file twice gives the same record. */
    public ModelRecord importFile(Path source) {
        ModelMetadata metadata = check(source);
        Path incoming = modelsDir.resolve(".incoming-" + UUID.randomUUID() + ".part");
        try {
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
                 OutputStream out = Files.newOutputStream(incoming)) {
                in.transferTo(out);
            }
            return admit(incoming, new Sha256(digest.digest()), metadata, source.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new LibraryException("cannot import " + source + ": " + e.getMessage(), e);
        } finally {
            ModelDownloader.deleteQuietly(incoming);
        }
    }

    /**
     * Downloads a model, resuming after broken connections, and lists it only if its SHA-256 is the
     * expected one and it reads as a usable GGUF.
     */
    public ModelRecord download(URI url, Sha256 expected, DownloadProgress progress) {
        return download(url, expected, progress, new DownloadCancel());
    }

    /** As above, stoppable; a listed model whose file was deleted is downloaded again. */
    public ModelRecord download(URI url, Sha256 expected, DownloadProgress progress, DownloadCancel cancel) {
        Optional<ModelRecord> present = find(expected);
        if (present.isPresent() && Files.isRegularFile(present.get().path())) {
            return present.get();
        }
        Path part;
        try {
            part = Files.createDirectories(modelsDir.resolve("downloads")).resolve(expected.hex() + ".part");
        } catch (IOException e) {
            throw new LibraryException("cannot create the download folder: " + e.getMessage(), e);
        }
        downloader.download(url, part, expected, progress, cancel);
        try {
            ModelMetadata metadata = check(part);
            return admit(part, expected, metadata, url.toString());
        } catch (LibraryException e) {
            ModelDownloader.deleteQuietly(part);
            throw e;
        } catch (IOException e) {
            throw new LibraryException("cannot move the download into the library: " + e.getMessage(), e);
        }
    }

    public List<ModelRecord> list() {
        return db.query(c -> {
            List<ModelRecord> all = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM miner_models ORDER BY added_at, id")) {
                while (rs.next()) {
                    all.add(row(rs));
                }
            }
            return all;
        });
    }

    public Optional<ModelRecord> find(Sha256 id) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM miner_models WHERE id = ?")) {
                ps.setString(1, id.hex());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Removes the model from the list and deletes its file; true if it was there. */
    public boolean remove(Sha256 id) {
        Optional<ModelRecord> record = find(id);
        if (record.isEmpty()) {
            return false;
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM miner_models WHERE id = ?")) {
                ps.setString(1, id.hex());
                ps.executeUpdate();
            }
            return null;
        });
        ModelDownloader.deleteQuietly(record.get().path());
        return true;
    }

    private static ModelMetadata check(Path file) {
        try {
            return ModelMetadata.read(file);
        } catch (GgufException e) {
            throw new LibraryException(e.getMessage(), e);
        }
    }

    /** Moves a verified file into place and lists it. */
    private ModelRecord admit(Path verified, Sha256 id, ModelMetadata m, String source) throws IOException {
        Optional<ModelRecord> present = find(id);
        Path target = modelsDir.resolve(id.hex() + ".gguf");
        if (present.isPresent()) {
            if (!Files.isRegularFile(present.get().path())) {
                // the row outlived its file (deleted by hand): the verified copy takes its place
                Files.move(verified, present.get().path(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return present.get();
        }
        Files.move(verified, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ModelRecord record = new ModelRecord(id, m.name(), target, Files.size(target), m.architecture(),
                m.parameterCount(), m.quantization(), m.contextLength(), m.expertCount(),
                ChatFamily.forTemplate(m.chatTemplate()), m.tokenizerModel(), source,
                Instant.ofEpochMilli(System.currentTimeMillis()));
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO miner_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id.hex());
                ps.setString(2, record.name());
                ps.setString(3, target.toString());
                ps.setLong(4, record.sizeBytes());
                ps.setString(5, record.architecture());
                ps.setLong(6, record.parameterCount());
                ps.setString(7, record.quantization());
                ps.setInt(8, record.contextLength());
                ps.setInt(9, record.expertCount());
                ps.setString(10, record.chatFamily().name());
                ps.setString(11, record.tokenizer());
                ps.setString(12, source);
                ps.setLong(13, record.addedAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
        return record;
    }

    private static ModelRecord row(ResultSet rs) throws SQLException {
        return new ModelRecord(Sha256.parse(rs.getString("id")), rs.getString("name"), Path.of(rs.getString("path")),
                rs.getLong("size_bytes"), rs.getString("architecture"), rs.getLong("parameter_count"),
                rs.getString("quantization"), rs.getInt("context_length"), rs.getInt("expert_count"),
                ChatFamily.valueOf(rs.getString("chat_family")), rs.getString("tokenizer"), rs.getString("source"),
                Instant.ofEpochMilli(rs.getLong("added_at")));
    }
}
