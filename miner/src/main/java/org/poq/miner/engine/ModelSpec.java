package org.poq.miner.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file and how to run it.
 *
 * @param contextSize tokens of context (prompt plus answer)
 * @param threads     CPU threads for generation and prompt processing
 * @param gpuLayers   layers offloaded to the GPU; 0 runs on the CPU, and the jar's own native is
 *                    CPU-only, so more needs a GPU build (see {@link EngineConfig#nativeLibraryDir()})
 */
public record ModelSpec(Path file, int contextSize, int threads, int gpuLayers) {
    public ModelSpec {
        Objects.requireNonNull(file, "file");
        if (contextSize < 16) {
            throw new IllegalArgumentException("context size must be at least 16 tokens, not " + contextSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (gpuLayers < 0) {
            throw new IllegalArgumentException("GPU layers cannot be negative");
        }
    }

    public static ModelSpec of(Path file) {
        return new ModelSpec(file, 2048, Math.max(1, Runtime.getRuntime().availableProcessors()), 0);
    }

    public ModelSpec withContextSize(int n) {
        return new ModelSpec(file, n, threads, gpuLayers);
    }

    public ModelSpec withThreads(int n) {
        return new ModelSpec(file, contextSize, n, gpuLayers);
    }

    public ModelSpec withGpuLayers(int n) {
        return new ModelSpec(file, contextSize, threads, n);
    }
}
