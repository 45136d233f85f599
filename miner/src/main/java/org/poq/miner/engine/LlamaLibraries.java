package org.poq.miner.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where llama.cpp's shared libraries are: the prebuilt ones node-llama-cpp publishes on npm, one
 * package per platform ({@code @node-llama-cpp/linux-x64} and so on, with GPU siblings such as
 * {@code linux-x64-cuda}). An installed app names its folder in {@value #PROPERTY}; from the build, the
 * repository's node_modules holds the package (package.json pins {@value #NODE_LLAMA_CPP_VERSION}).
 */
public final class LlamaLibraries {
    /** The node-llama-cpp release whose llama.cpp build (and llama.h) the binding is written for. */
    public static final String NODE_LLAMA_CPP_VERSION = "3.21.1";
    /** The folder of the CPU libraries (libllama, libggml*, libggml-cpu-*). */
    public static final String PROPERTY = "poq.llama.lib.path";
    /** Extra folders with GPU backends (libggml-cuda, libggml-vulkan, ...), separated by the path separator. */
    public static final String GPU_PROPERTY = "poq.llama.gpu.path";

    private LlamaLibraries() {
    }

    /** The CPU library folder, or a sentence saying where it was looked for. */
    public static Path locate() {
        return find().orElseThrow(() -> new EngineException("llama.cpp's libraries were not found: set -D" + PROPERTY
                + " to the folder holding " + llamaFileGlob() + ", or run `npm ci` in the repository to get "
                + "@node-llama-cpp/" + cpuPackage() + " " + NODE_LLAMA_CPP_VERSION));
    }

    public static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY, System.getenv("POQ_LLAMA_LIB_PATH"));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            return llamaLibrary(dir).isPresent() ? Optional.of(dir) : Optional.empty();
        }
        for (Path root : searchRoots()) {
            Path dir = packageDir(root, cpuPackage());
            if (llamaLibrary(dir).isPresent()) {
                return Optional.of(dir.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** The folders of the GPU packages found next to the CPU one, or named in {@value #GPU_PROPERTY}. */
    public static List<Path> gpuFolders() {
        List<Path> out = new ArrayList<>();
        String configured = System.getProperty(GPU_PROPERTY, System.getenv("POQ_LLAMA_GPU_PATH"));
        if (configured != null && !configured.isBlank()) {
            for (String p : configured.split(File.pathSeparator)) {
                if (!p.isBlank() && Files.isDirectory(Path.of(p))) {
                    out.add(Path.of(p));
                }
            }
            return out;
        }
        for (Path root : searchRoots()) {
            for (String pkg : gpuPackages()) {
                Path dir = packageDir(root, pkg);
                if (Files.isDirectory(dir) && !out.contains(dir)) {
                    out.add(dir.toAbsolutePath().normalize());
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    /** libllama in a folder: its file name carries the version (libllama.v0.4.0.so), so it is found by pattern. */
    public static Optional<Path> llamaLibrary(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> isLlama(f.getFileName().toString())).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean isLlama(String name) {
        return (name.startsWith("libllama.") || name.equals("llama.dll") || name.startsWith("llama."))
                && (name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll"));
    }

    /** The GPU backend libraries in a folder (the CPU ones are loaded with the whole CPU folder). */
    public static List<Path> gpuBackends(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return (n.contains("ggml-cuda") || n.contains("ggml-vulkan") || n.contains("ggml-metal"))
                        && (n.endsWith(".so") || n.endsWith(".dylib") || n.endsWith(".dll"));
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path packageDir(Path root, String pkg) {
        return root.resolve("node_modules").resolve("@node-llama-cpp").resolve(pkg).resolve("bins").resolve(pkg);
    }

    private static String llamaFileGlob() {
        return os().equals("win") ? "llama.dll" : os().equals("mac") ? "libllama*.dylib" : "libllama*.so";
    }

    /** The CPU package of this platform (macOS on Apple Silicon: the Metal build, which is also its CPU build). */
    public static String cpuPackage() {
        String arch = arch();
        return switch (os()) {
            case "mac" -> arch.equals("arm64") ? "mac-arm64-metal" : "mac-x64";
            case "win" -> "win-" + arch;
            default -> "linux-" + arch;
        };
    }

    static List<String> gpuPackages() {
        String base = os() + "-" + arch();
        return switch (os()) {
            case "linux", "win" -> List.of(base + "-cuda", base + "-cuda-ext", base + "-vulkan");
            default -> List.of();
        };
    }

    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return name.startsWith("windows") ? "win" : name.startsWith("mac") ? "mac" : "linux";
    }

    private static String arch() {
        return switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "aarch64", "arm64" -> "arm64";
            default -> "x64";
        };
    }

    private static List<Path> searchRoots() {
        List<Path> roots = new ArrayList<>();
        String repo = System.getProperty("poq.repo.root");
        if (repo != null && !repo.isBlank()) {
            roots.add(Path.of(repo));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            roots.add(p);
        }
        return roots;
    }
}
