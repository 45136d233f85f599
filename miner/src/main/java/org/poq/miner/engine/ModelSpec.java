package org.poq.miner.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file and how to run it.
 *
 * @param contextSize tokens of context (prompt plus answer)
 * @param threads     CPU threads for generation and prompt processing
 * @param gpuLayers   layers offloaded to a GPU: -1 all (llama.cpp's default), 0 none (CPU only); with
 *                    no GPU backend every layer stays on the CPU whatever this says
 */
public record ModelSpec(Path file, int contextSize, int threads, int gpuLayers) {
    public static final int MIN_CONTEXT = 64;
    public static final int MAX_CONTEXT = 1 << 20;
    public static final int MAX_THREADS = 512;
    public static final int MAX_GPU_LAYERS = 1000;
    public static final int ALL_LAYERS = -1;
    public ModelSpec {
        Objects.requireNonNull(file, "file");
        if (contextSize < MIN_CONTEXT || contextSize > MAX_CONTEXT) {
            throw new IllegalArgumentException("the context must be between " + MIN_CONTEXT + " and " + MAX_CONTEXT
                    + " tokens, not " + contextSize);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ", not " + threads);
        }
        if (gpuLayers < -1 || gpuLayers > MAX_GPU_LAYERS) {
            throw new IllegalArgumentException("GPU layers must be -1 (all), 0 (CPU only) or up to "
                    + MAX_GPU_LAYERS + ", not " + gpuLayers);
        }
    }

    public static ModelSpec of(Path file) {
        return new ModelSpec(file, 2048, Math.min(MAX_THREADS, Math.max(1, Runtime.getRuntime().availableProcessors())),
                ALL_LAYERS);
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
