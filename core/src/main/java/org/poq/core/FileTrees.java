package org.poq.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a folder with what it holds: the one place the modules do it. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Removes the folder and its contents; nothing when it is absent. Fails when something stays. */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            for (Path p : deepestFirst(root)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the folder " + root, e);
        }
    }

    /**
     * Removes what it can of the folder (a cache, a temporary copy): a file that cannot go now is left
     * for the next attempt rather than failing the caller.
     */
    public static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            for (Path p : deepestFirst(root)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException leftOver) {
                    // see above
                }
            }
        } catch (IOException | UncheckedIOException unreadable) {
            // see above
        }
    }

    private static List<Path> deepestFirst(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
