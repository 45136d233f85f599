package org.poq.evaluator;

import org.poq.core.FileTrees;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A temporary folder inside the evaluators folder: a package is assembled and checked there, then
 * moved into place in one rename, so a crash or a bad file never leaves half a package under an id.
 */
final class StagingDir implements AutoCloseable {
    private final Path dir;
    private boolean moved;

    private StagingDir(Path dir) {
        this.dir = dir;
    }

    static StagingDir in(Path evaluatorsDir) throws IOException {
        Files.createDirectories(evaluatorsDir);
        return new StagingDir(Files.createTempDirectory(evaluatorsDir, ".staging-"));
    }

    Path path() {
        return dir;
    }

    /**
     * Moves the staged package to {@code target}. When another process got there first with the same
     * id, its copy is kept (same id, same bytes) and this one is dropped.
     */
    void commitTo(Path target) throws IOException {
        try {
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename folders atomically", e);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            return;
        }
        moved = true;
    }

    @Override
    public void close() {
        if (!moved) {
            FileTrees.delete(dir);
        }
    }
}
