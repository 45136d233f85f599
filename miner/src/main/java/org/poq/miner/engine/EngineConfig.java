package org.poq.miner.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.poq.core.AppPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine starts its worker process.
 *
 * @param javaCommand        the java launcher; by default the one running this JVM
 * @param classPath          the worker's class path; by default this JVM's
 * @param nativeLibraryDir   the folder holding libjllama, passed to the binding as
 *                           {@code -Dde.kherud.llama.lib.path}: one the installer pre-extracted, one
 *                           built by the user (for example with CUDA), or the jar's CPU build unpacked
 *                           by {@link LlamaNativeCache}; empty lets the binding unpack it itself
 * @param startTimeout       how long the worker may take to say it is ready
 * @param loadTimeout        how long loading a model may take
 * @param hangTimeout        how long a running job may go without any word from the worker before the
 *                           worker is judged hung, killed and restarted
 * @param workerHeapMb       the worker's Java heap; the model itself lives outside it
 * @param debugFaults        lets tests ask the worker to abort or hang for real; never set in the app
 */
public record EngineConfig(Path javaCommand, String classPath, Optional<Path> nativeLibraryDir,
                           Duration startTimeout, Duration loadTimeout, Duration hangTimeout,
                           int workerHeapMb, boolean debugFaults) {
    private static final Logger LOG = LoggerFactory.getLogger(EngineConfig.class);

    public EngineConfig {
        Objects.requireNonNull(javaCommand);
        Objects.requireNonNull(classPath);
        Objects.requireNonNull(nativeLibraryDir);
        nativeLibraryDir.ifPresent(dir -> {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the native library folder " + dir + " does not exist");
            }
        });
    }

    public static EngineConfig defaults() {
        // an installed app pre-extracts the binding's native and names its folder in this property:
        // the worker gets it too, so it loads from there instead of unpacking into the temp folder
        Optional<Path> preExtracted = Optional.ofNullable(System.getProperty("de.kherud.llama.lib.path"))
                .filter(p -> !p.isBlank()).map(Path::of).filter(Files::isDirectory);
        Optional<Path> nativeDir = preExtracted.isPresent() ? preExtracted : unpackedNative();
        return new EngineConfig(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), nativeDir,
                Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofMinutes(2), 256, false);
    }

    private static Optional<Path> unpackedNative() {
        try {
            return LlamaNativeCache.folder(AppPaths.fromEnvironment().home().resolve("natives"));
        } catch (RuntimeException e) {
            // an unwritable data folder must not stop inference: the binding can still unpack it itself
            LOG.warn("cannot keep the llama.cpp native in the data folder ({}); the binding unpacks it to the temp folder",
                    e.getMessage());
            return Optional.empty();
        }
    }

    public EngineConfig withNativeLibraryDir(Path dir) {
        return new EngineConfig(javaCommand, classPath, Optional.of(dir), startTimeout, loadTimeout, hangTimeout,
                workerHeapMb, debugFaults);
    }

    public EngineConfig withHangTimeout(Duration timeout) {
        return new EngineConfig(javaCommand, classPath, nativeLibraryDir, startTimeout, loadTimeout, timeout,
                workerHeapMb, debugFaults);
    }

    public EngineConfig withDebugFaults(boolean enabled) {
        return new EngineConfig(javaCommand, classPath, nativeLibraryDir, startTimeout, loadTimeout, hangTimeout,
                workerHeapMb, enabled);
    }
}
