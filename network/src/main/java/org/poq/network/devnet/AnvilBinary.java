package org.poq.network.devnet;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the anvil node binary of the npm package @foundry-rs/anvil-&lt;os&gt;-&lt;arch&gt;, whether the
 * application runs from the build (the repository's node_modules) or from an install (an anvil
 * folder beside the app). The platform binary is started directly: the package's .bin/anvil entry is
 * a Node wrapper whose PID is not the node's.
 */
public final class AnvilBinary {
    private AnvilBinary() {
    }

    public static Path locate() {
        return find().orElseThrow(() -> new DevnetException(
                "the anvil node binary was not found; run `npm ci` in the repository (it installs "
                        + packageName() + ") or set POQ_ANVIL to the binary's path. Looked in: " + candidates()));
    }

    public static Optional<Path> find() {
        return candidates().stream().filter(Files::isExecutable).findFirst();
    }

    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("POQ_ANVIL");
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        String prop = System.getProperty("poq.anvil");
        if (prop != null && !prop.isBlank()) {
            out.add(Path.of(prop));
        }
        String exe = isWindows() ? "anvil.exe" : "anvil";
        for (Path root : searchRoots()) {
            out.add(root.resolve("node_modules/@foundry-rs").resolve(packageName()).resolve("bin").resolve(exe));
            out.add(root.resolve("anvil").resolve(exe));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    out.add(Path.of(dir, exe));
                }
            }
        }
        return out;
    }

    private static List<Path> searchRoots() {
        List<Path> roots = new ArrayList<>();
        String repo = System.getProperty("poq.repo.root");
        if (repo != null && !repo.isBlank()) {
            roots.add(Path.of(repo));
        }
        String appDir = System.getProperty("jpackage.app-path");
        if (appDir != null) {
            Path p = Path.of(appDir).getParent();
            if (p != null) {
                roots.add(p.getParent() != null ? p.getParent().resolve("lib/app") : p);
            }
        }
        // walk up from the working directory and from the code's own location
        addAncestors(roots, Path.of("").toAbsolutePath());
        try {
            Path code = Path.of(AnvilBinary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            addAncestors(roots, code);
        } catch (Exception ignored) {
            // no code source (unusual class loader): the other roots remain
        }
        return roots;
    }

    private static void addAncestors(List<Path> roots, Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            roots.add(p);
        }
    }

    static String packageName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("win") ? "win32" : os.contains("mac") ? "darwin" : "linux";
        String a = arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "amd64";
        return "anvil-" + o + "-" + a;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }
}
