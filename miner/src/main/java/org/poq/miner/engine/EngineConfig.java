package org.poq.miner.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.poq.core.AppPaths;

/**
 * How the engine starts its worker process.
 *
 * @param javaCommand        the java launcher; by default the one running this JVM
 * @param classPath          the worker's class path; by default this JVM's
 * @param nativeLibraryDir   the folder holding llama.cpp's CPU libraries (libllama, libggml*), passed
 *                           to the worker as {@code -Dpoq.llama.lib.path}: the installer's, or the
 *                           repository's node_modules package (see {@link LlamaLibraries}); empty lets
 *                           the worker look for it itself
 * @param startTimeout       how long the worker may take to say it is ready
 * @param loadTimeout        how long loading a model may take
 * @param hangTimeout        how long a running job may go without any word from the worker before the
 *                           worker is judged hung, killed and restarted
 * @param workerHeapMb       the worker's Java heap; the model itself lives outside it
 * @param debugFaults        lets tests ask the worker to abort or hang for real; never set in the app
 * @param crashReportDir     where a crashing worker JVM writes its hs_err file (the app's log folder)
 * @param checkMemory        refuse, before loading, a model whose estimate exceeds this machine's memory
 */
public record EngineConfig(Path javaCommand, String classPath, Optional<Path> nativeLibraryDir,
                           Duration startTimeout, Duration loadTimeout, Duration hangTimeout,
                           int workerHeapMb, boolean debugFaults, Optional<Path> crashReportDir,
                           boolean checkMemory) {
    public EngineConfig {
        Objects.requireNonNull(javaCommand);
        Objects.requireNonNull(classPath);
        Objects.requireNonNull(nativeLibraryDir);
        Objects.requireNonNull(crashReportDir);
        nativeLibraryDir.ifPresent(dir -> {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the native library folder " + dir + " does not exist");
            }
        });
    }

    public static EngineConfig defaults() {
        Optional<Path> nativeDir = LlamaLibraries.find();
        return new EngineConfig(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), nativeDir,
                Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofMinutes(2), 256, false, logFolder(), true);
    }

    private static Optional<Path> logFolder() {
        try {
            return Optional.of(AppPaths.fromEnvironment().logs());
        } catch (RuntimeException e) {
            return Optional.empty(); // an unwritable data folder: the JVM's default place, rather than no engine
        }
    }

    public EngineConfig withNativeLibraryDir(Path dir) {
        return new EngineConfig(javaCommand, classPath, Optional.of(dir), startTimeout, loadTimeout, hangTimeout,
                workerHeapMb, debugFaults, crashReportDir, checkMemory);
    }

    public EngineConfig withCrashReportDir(Path dir) {
        return new EngineConfig(javaCommand, classPath, nativeLibraryDir, startTimeout, loadTimeout, hangTimeout,
                workerHeapMb, debugFaults, Optional.of(dir), checkMemory);
    }

    public EngineConfig withHangTimeout(Duration timeout) {
        return new EngineConfig(javaCommand, classPath, nativeLibraryDir, startTimeout, loadTimeout, timeout,
                workerHeapMb, debugFaults, crashReportDir, checkMemory);
    }

    public EngineConfig withDebugFaults(boolean enabled) {
        return new EngineConfig(javaCommand, classPath, nativeLibraryDir, startTimeout, loadTimeout, hangTimeout,
                workerHeapMb, enabled, crashReportDir, checkMemory);
    }
}
