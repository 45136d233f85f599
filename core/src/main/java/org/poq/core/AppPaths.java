package org.poq.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the application keeps its data: the user's data folder of the platform (XDG on Linux),
 * never next to the program. {@code POQ_HOME} (or {@code -Dpoq.home}) overrides it, which tests and
 * several local identities on one machine use.
 */
public final class AppPaths {
    private final Path home;
    private volatile boolean privateAlready;

    public AppPaths(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public static AppPaths fromEnvironment() {
        return new AppPaths(resolveHome(System.getenv(), System.getProperties().getProperty("poq.home"),
                System.getProperty("os.name", ""), Path.of(System.getProperty("user.home"))));
    }

    static Path resolveHome(Map<String, String> env, String property, String osName, Path userHome) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String poqHome = env.get("POQ_HOME");
        if (poqHome != null && !poqHome.isBlank()) {
            return Path.of(poqHome);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return appData != null ? Path.of(appData, "PoQ") : userHome.resolve("AppData/Roaming/PoQ");
        }
        if (os.contains("mac")) {
            return userHome.resolve("Library/Application Support/PoQ");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path dataHome = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local/share");
        return dataHome.resolve("poq");
    }

    /** The data folder, created owner-only (0700): it holds the wallet, the database and the logs. */
    public Path home() {
        boolean fresh = !Files.isDirectory(home);
        Path dir = ensure(home);
        if (fresh || !privateAlready) {
            FilePermissions.ownerOnly(dir);
            privateAlready = true;
        }
        return dir;
    }

    public Path database() {
        return home().resolve("poq.db");
    }

    public Path devnet() {
        home();
        return ensure(home.resolve("devnet"));
    }

    public Path keystore() {
        home();
        Path dir = ensure(home.resolve("keystore"));
        FilePermissions.ownerOnly(dir);
        return dir;
    }

    /** The one wallet file, for the window and the command line alike. */
    public Path wallet() {
        return keystore().resolve("wallet.vault");
    }

    public Path models() {
        return ensure(home.resolve("models"));
    }

    public Path evaluators() {
        return ensure(home.resolve("evaluators"));
    }

    public Path logs() {
        home();
        return ensure(home.resolve("logs"));
    }

    private static Path ensure(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dir, e);
        }
    }
}
