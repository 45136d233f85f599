package org.poq.evaluator;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.poq.core.FileTrees;

/** Copies an evaluator (a folder or a .zip) into the evaluators folder under its id, after checking it. */
final class EvaluatorImporter {
    private static final Set<String> FILES = Set.of(EvaluatorPackage.MODEL, EvaluatorPackage.TOKENIZER, EvaluatorPackage.CONFIG);
    /** Larger than any cross-encoder worth running on a CPU; stops a zip bomb from filling the disk. */
    private static final long MAX_ENTRY_BYTES = 4L << 30;

    private EvaluatorImporter() {
    }

    static EvaluatorPackage importFrom(Path source, Path evaluatorsDir) throws IOException {
        if (!Files.exists(source)) {
            throw new InvalidEvaluatorException("no such file or folder: " + source);
        }
        try (StagingDir staging = StagingDir.in(evaluatorsDir)) {
            if (Files.isDirectory(source)) {
                for (String name : FILES) {
                    Path f = source.resolve(name);
                    if (!Files.isRegularFile(f)) {
                        throw new InvalidEvaluatorException("missing " + name + " in " + source);
                    }
                    Files.copy(f, staging.path().resolve(name));
                }
            } else {
                unzip(source, staging.path());
            }
            return install(staging, evaluatorsDir);
        }
    }

    /** Loads, validates and moves a staged package into place; the staging folder is gone afterwards either way. */
    static EvaluatorPackage install(StagingDir staging, Path evaluatorsDir) throws IOException {
        EvaluatorPackage staged = EvaluatorPackage.load(staging.path());
        PackageValidator.validate(staged);
        Path target = evaluatorsDir.resolve(staged.id().hex());
        if (Files.isDirectory(target)) {
            EvaluatorPackage existing = loadOrNull(target);
            if (existing != null && existing.id().equals(staged.id())) {
                return existing;
            }
            // A folder under this id that does not hash to it was damaged on disk: replace it.
            FileTrees.delete(target);
        }
        staging.commitTo(target);
        return EvaluatorPackage.load(target);
    }

    private static EvaluatorPackage loadOrNull(Path dir) {
        try {
            return EvaluatorPackage.load(dir);
        } catch (IOException e) {
            return null;
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        Set<String> seen = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                // Only the base name counts (one top folder is common in archives); the known names are
                // the only files written, so no entry path can escape the staging folder.
                String name = Path.of(entry.getName()).getFileName().toString();
                if (!FILES.contains(name)) {
                    continue;
                }
                if (!seen.add(name)) {
                    throw new InvalidEvaluatorException(zip.getFileName() + " holds " + name + " twice");
                }
                Path out = into.resolve(name);
                Files.copy(new BoundedInputStream(in, MAX_ENTRY_BYTES, name), out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (ZipException | EOFException e) {
            throw new InvalidEvaluatorException(zip.getFileName() + " is not a readable zip archive (truncated?): " + e.getMessage(), e);
        }
        if (seen.isEmpty()) {
            throw new InvalidEvaluatorException(zip.getFileName() + " is neither an evaluator folder nor a zip archive holding one");
        }
        for (String name : FILES) {
            if (!seen.contains(name)) {
                throw new InvalidEvaluatorException("missing " + name + " in " + zip.getFileName());
            }
        }
    }

    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private final String name;
        private long left;

        BoundedInputStream(InputStream in, long limit, String name) {
            this.in = in;
            this.left = limit;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && (left -= n) < 0) {
                throw new InvalidEvaluatorException(name + " in the archive is larger than " + MAX_ENTRY_BYTES + " bytes");
            }
            return n;
        }
    }
}
