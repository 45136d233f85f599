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
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.poq.core.ByteSizes;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.gguf.SplitFiles;
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

    /** One file of a download: where it is and the SHA-256 it must have; size -1 when unknown. */
    public record PartSource(URI url, Sha256 sha256, long size) {
        public PartSource(URI url, Sha256 sha256) {
            this(url, sha256, -1);
        }
    }

    /** A re-hash of a listed model's files: problems empty when every file is whole and unchanged. */
    public record Verification(ModelRecord model, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Copies a GGUF file into the library; importing the same file twice gives the same record. Part 1
     * of a split model ({@code NAME-00001-of-0000N.gguf}) brings every part, which must lie beside it.
     */
    public ModelRecord importFile(Path source) {
        List<Path> sources = SplitFiles.parts(source);
        List<Path> missing = SplitFiles.missing(source);
        if (sources.size() > 1 && !missing.isEmpty()) {
            throw new LibraryException(source.getFileName() + " is part of a model split into " + sources.size()
                    + " files and " + missing.size() + " are not beside it (" + String.join(", ",
                    missing.stream().map(p -> p.getFileName().toString()).toList()) + ")");
        }
        check(sources.get(0));
        List<Path> incoming = new ArrayList<>();
        List<Sha256> hashes = new ArrayList<>();
        try {
            for (Path part : sources) {
                Path copy = modelsDir.resolve(".incoming-" + UUID.randomUUID() + ".part");
                incoming.add(copy);
                MessageDigest digest = Sha256.newDigest();
                try (InputStream in = new DigestInputStream(Files.newInputStream(part), digest);
                     OutputStream out = Files.newOutputStream(copy)) {
                    in.transferTo(out);
                }
                hashes.add(new Sha256(digest.digest()));
            }
            return admit(incoming, hashes, sources.get(0).toAbsolutePath().toString());
        } catch (IOException e) {
            throw new LibraryException("cannot import " + source + ": " + e.getMessage(), e);
        } finally {
            incoming.forEach(ModelDownloader::deleteQuietly);
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
        return download(List.of(new PartSource(url, expected)), progress, cancel);
    }

    /**
     * Downloads a model of one file or of split parts (in order): every part is verified against its
     * SHA-256, then the parts are listed as one model whose row points to part 1. A failure removes
     * every part file of this download, except a stall: those are kept and the next download resumes them; a listed model with a missing file is downloaded again.
     * Progress counts the bytes of all parts together.
     */
    public ModelRecord download(List<PartSource> parts, DownloadProgress progress, DownloadCancel cancel) {
        if (parts.isEmpty()) {
            throw new LibraryException("a download needs at least one file");
        }
        Sha256 id = modelId(parts.stream().map(PartSource::sha256).toList());
        Optional<ModelRecord> present = find(id);
        if (present.isPresent() && SplitFiles.missing(present.get().path()).isEmpty()
                && Files.isRegularFile(present.get().path())) {
            return present.get();
        }
        Path downloads;
        try {
            downloads = Files.createDirectories(modelsDir.resolve("downloads"));
        } catch (IOException e) {
            throw new LibraryException("cannot create the download folder: " + e.getMessage(), e);
        }
        requireSpaceFor(parts, downloads);
        long known = parts.stream().allMatch(p -> p.size() > 0) ? parts.stream().mapToLong(PartSource::size).sum() : -1;
        List<Path> files = new ArrayList<>();
        boolean keep = false;
        try {
            long before = 0;
            for (PartSource p : parts) {
                Path part = downloads.resolve(p.sha256().hex() + ".part");
                files.add(part);
                downloader.download(p.url(), part, p.sha256(),
                        progress.shifted(before, total -> parts.size() == 1 ? total : known), cancel);
                before += Files.size(part);
            }
            return admit(files, parts.stream().map(PartSource::sha256).toList(), parts.get(0).url().toString());
        } catch (StalledDownloadException e) {
            keep = true; // what arrived is sound: the part files (named by their SHA-256) resume next time
            throw e;
        } catch (IOException e) {
            throw new LibraryException("cannot move the download into the library: " + e.getMessage(), e);
        } finally {
            if (!keep) {
                files.forEach(ModelDownloader::deleteQuietly);
            }
        }
    }

    /** All parts' known sizes against the free space, before the first byte of a split model is fetched. */
    private static void requireSpaceFor(List<PartSource> parts, Path folder) {
        if (parts.size() < 2 || !parts.stream().allMatch(p -> p.size() > 0)) {
            return; // one file: the downloader checks the size the server declares
        }
        long need = parts.stream().mapToLong(PartSource::size).sum() + ModelDownloader.SPARE_BYTES;
        try {
            long free = Files.getFileStore(folder).getUsableSpace();
            if (free < need) {
                throw new LibraryException("not enough free space: the model's " + parts.size() + " parts need "
                        + ByteSizes.format(need) + " and " + folder + " has " + ByteSizes.format(free) + " free");
            }
        } catch (IOException e) {
            throw new LibraryException("cannot read the free space of " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The id of a model: the SHA-256 of its file; for a split model, the SHA-256 of its parts'
     * SHA-256s in order (32 bytes each), so no part can be swapped without changing the id.
     */
    public static Sha256 modelId(List<Sha256> partHashes) {
        if (partHashes.size() == 1) {
            return partHashes.get(0);
        }
        MessageDigest digest = Sha256.newDigest();
        partHashes.forEach(h -> digest.update(h.bytes()));
        return new Sha256(digest.digest());
    }

    /** Re-hashes every file of a listed model. */
    public Verification verify(Sha256 id) {
        ModelRecord record = find(id).orElseThrow(() -> new LibraryException("no model " + id.hex() + " in the library"));
        List<Path> parts = SplitFiles.parts(record.path());
        List<String> problems = new ArrayList<>();
        List<Sha256> hashes = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Path part = parts.get(i);
            String label = parts.size() == 1 ? "the file " + part : "part " + (i + 1) + " of " + parts.size() + " (" + part + ")";
            if (!Files.isRegularFile(part)) {
                problems.add(label + " is missing: pull or import the model again");
                continue;
            }
            try {
                hashes.add(Sha256.ofFile(part));
            } catch (IOException e) {
                problems.add(label + " cannot be read: " + e.getMessage());
            }
        }
        if (problems.isEmpty() && !modelId(hashes).equals(id)) {
            problems.add((parts.size() == 1 ? "the file " + parts.get(0) + " was changed: its SHA-256 is " + hashes.get(0).hex()
                    : "a part was changed: the parts' SHA-256s give " + modelId(hashes).hex()) + ", not " + id.hex()
                    + "; remove the model and pull it again");
        }
        return new Verification(record, List.copyOf(problems));
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
        SplitFiles.parts(record.get().path()).forEach(ModelDownloader::deleteQuietly);
        return true;
    }

    private static ModelMetadata check(Path file) {
        try {
            return ModelMetadata.read(file);
        } catch (GgufException e) {
            throw new LibraryException(e.getMessage(), e);
        }
    }

    /**
     * Moves verified files into place (split parts under their gguf-split names, which llama.cpp needs
     * to find the other parts from part 1) and lists the model. A file that does not read as a usable
     * model is removed again and nothing is listed.
     */
    private ModelRecord admit(List<Path> verified, List<Sha256> hashes, String source) throws IOException {
        Sha256 id = modelId(hashes);
        Optional<ModelRecord> present = find(id);
        List<Path> targets = present.map(r -> SplitFiles.parts(r.path())).orElseGet(() -> targets(id, verified.size()));
        if (present.isPresent() && targets.size() != verified.size()) {
            throw new LibraryException("the library lists " + id.hex() + " with " + targets.size()
                    + " files, not " + verified.size());
        }
        for (int i = 0; i < verified.size(); i++) {
            if (present.isEmpty() || !Files.isRegularFile(targets.get(i))) {
                // a new model, or a row that outlived its file (deleted by hand): the verified copy takes its place
                Files.move(verified.get(i), targets.get(i), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (present.isPresent()) {
            return present.get();
        }
        ModelMetadata m;
        try {
            m = check(targets.get(0));
        } catch (LibraryException e) {
            targets.forEach(ModelDownloader::deleteQuietly);
            throw e;
        }
        Path target = targets.get(0);
        ModelRecord record = new ModelRecord(id, m.name(), target, m.fileSize(), m.architecture(),
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

    private List<Path> targets(Sha256 id, int parts) {
        if (parts == 1) {
            return List.of(modelsDir.resolve(id.hex() + ".gguf"));
        }
        List<Path> out = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            out.add(modelsDir.resolve(String.format(Locale.ROOT, "%s-%05d-of-%05d.gguf", id.hex(), i, parts)));
        }
        return out;
    }

    private static ModelRecord row(ResultSet rs) throws SQLException {
        return new ModelRecord(Sha256.parse(rs.getString("id")), rs.getString("name"), Path.of(rs.getString("path")),
                rs.getLong("size_bytes"), rs.getString("architecture"), rs.getLong("parameter_count"),
                rs.getString("quantization"), rs.getInt("context_length"), rs.getInt("expert_count"),
                ChatFamily.valueOf(rs.getString("chat_family")), rs.getString("tokenizer"), rs.getString("source"),
                Instant.ofEpochMilli(rs.getLong("added_at")));
    }
}
