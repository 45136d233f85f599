package org.poq.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, for tests that need its node_modules or its small test models. */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path get() {
        String property = System.getProperty("poq.repo.root");
        if (property != null && Files.isDirectory(Path.of(property).resolve(".git").getParent())
                && Files.exists(Path.of(property, "pom.xml"))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("package.json")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
