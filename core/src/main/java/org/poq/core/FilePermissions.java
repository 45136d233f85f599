package org.poq.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner-only permissions for the data folder (0700) and the files holding keys or the user's
 * history (0600): other local users must not read the wallet, the database or the logs. On file
 * systems without POSIX permissions (Windows) the user's profile folder is private already.
 */
public final class FilePermissions {
    private FilePermissions() {
    }

    /** 0700 for a folder, 0600 for a file; does nothing where the file system has no POSIX permissions. */
    public static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + path + " private to its owner: " + describe(e), e);
        }
    }

    /**
     * An I/O failure in plain words. Java's messages for the common cases are only the path
     * ("cannot read X: X"), so those get a sentence instead.
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a file is in the way where a folder should be";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
