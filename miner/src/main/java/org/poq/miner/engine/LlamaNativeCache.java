package org.poq.miner.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.poq.core.Sha256;

/**
 * The llama.cpp binding's native library, unpacked once into a folder named by its content hash.
 * Left to itself the binding deletes and rewrites one shared file in the temp folder at every start,
 * so two workers starting together can map a file while the other rewrites it (seen as SIGBUS).
 * Here each process unpacks into a private folder and renames it into place; the first rename wins
 * and later ones use the winner's identical copy.
 */
public final class LlamaNativeCache {
    private LlamaNativeCache() {
    }

    // reading and hashing the 5-6 MB library is done once per process and cache folder, not per engine
    private static final Map<Path, Optional<Path>> UNPACKED = new ConcurrentHashMap<>();

    /** The folder holding this platform's libjllama, or empty where the jar has none for it. */
    public static Optional<Path> folder(Path cacheRoot) {
        Path key = cacheRoot.toAbsolutePath().normalize();
        Optional<Path> known = UNPACKED.get(key);
        if (known != null && known.map(dir -> Files.isDirectory(dir)).orElse(true)) {
            return known;
        }
        Optional<Path> unpacked = unpack(cacheRoot);
        UNPACKED.put(key, unpacked);
        return unpacked;
    }

    private static Optional<Path> unpack(Path cacheRoot) {
        Optional<String> resource = resourceFor(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = LlamaNativeCache.class.getClassLoader().getResourceAsStream(resource.get())) {
            if (in == null) {
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the llama.cpp native library from the jar", e);
        }
        String fileName = resource.get().substring(resource.get().lastIndexOf('/') + 1);
        Path target = cacheRoot.resolve("llama-" + Sha256.of(bytes).hex().substring(0, 16));
        if (Files.isRegularFile(target.resolve(fileName))) {
            return Optional.of(target);
        }
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, ".unpacking-");
            Files.write(staging.resolve(fileName), bytes);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteQuietly(staging.resolve(fileName), staging); // another process won; its copy is the same
            } catch (IOException e) {
                if (!Files.isRegularFile(target.resolve(fileName))) {
                    throw e;
                }
                deleteQuietly(staging.resolve(fileName), staging);
            }
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the llama.cpp native library into " + cacheRoot, e);
        }
    }

    /** The binding's resource path for a platform, as its loader names them. */
    static Optional<String> resourceFor(String osName, String osArch) {
        String os = osName.startsWith("Windows") ? "Windows" : osName.startsWith("Mac") ? "Mac"
                : osName.startsWith("Linux") ? "Linux" : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "x86";
            default -> null;
        };
        if (os == null || arch == null) {
            return Optional.empty();
        }
        String file = switch (os) {
            case "Windows" -> "jllama.dll";
            case "Mac" -> "libjllama.dylib";
            default -> "libjllama.so";
        };
        return Optional.of("de/kherud/llama/" + os + "/" + arch + "/" + file);
    }

    private static void deleteQuietly(Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover staging folder costs a few MB in the temp folder, nothing more
            }
        }
    }
}
