package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.db.Database;

class FilePermissionsTest {
    @TempDir
    Path tmp;

    /** Attack: another local user reads the wallet's history or signed transactions from a 755/644 data folder. */
    @Test
    void dataFolderIsPrivateAndTheDatabaseIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        AppPaths paths = new AppPaths(tmp.resolve("poq-home"));
        Path db = paths.database();
        try (Database d = Database.open(db)) {
            d.query(c -> c.createStatement().execute("SELECT 1"));
        }
        assertThat(perms(paths.home())).isEqualTo("rwx------");
        assertThat(perms(paths.keystore())).isEqualTo("rwx------");
        assertThat(perms(db)).isEqualTo("rw-------");
        for (String side : new String[]{"-wal", "-shm"}) {
            Path p = db.resolveSibling(db.getFileName() + side);
            if (Files.exists(p)) {
                assertThat(perms(p)).as(side).doesNotContain("r--r");
            }
        }
    }

    @Test
    void anExistingWorldReadableFolderIsTightened() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path home = Files.createDirectories(tmp.resolve("old"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        new AppPaths(home).home();
        assertThat(perms(home)).isEqualTo("rwx------");
    }

    @Test
    void ioFailuresAreDescribedInWordsNotByRepeatingThePath() {
        assertThat(FilePermissions.describe(new NoSuchFileException("/x/key.txt"))).isEqualTo("no such file or folder");
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
