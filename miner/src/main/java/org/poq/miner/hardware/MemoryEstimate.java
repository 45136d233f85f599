package org.poq.miner.hardware;

import org.poq.miner.gguf.ModelMetadata;

/**
 * Memory a model will need once loaded, split between RAM and GPU memory by the share of layers
 * offloaded. Weights are the file's size (llama.cpp maps the file); the KV cache is f16 keys and
 * values for every layer and context position; the compute buffers are estimated from the logits of
 * one 512-token batch plus a fixed allowance, which matches llama.cpp's reports within tens of MB.
 * {@code repackedBytes} is the second copy llama.cpp's CPU backend makes of the matrices it repacks for
 * this CPU's SIMD kernels ({@link WeightRepack}), for the layers that stay on the CPU: with the file
 * still mapped, those weights are in RAM twice.
 */
public record MemoryEstimate(long weightsBytes, long kvCacheBytes, long computeBytes, long ramBytes, long vramBytes,
                             long repackedBytes, long repackableBytes, CpuFeatures cpu) {
    private static final long FIXED_OVERHEAD = 64L << 20;

    /** Without repacked weights (a shape given by hand). */
    public MemoryEstimate(long weightsBytes, long kvCacheBytes, long computeBytes, long ramBytes, long vramBytes) {
        this(weightsBytes, kvCacheBytes, computeBytes, ramBytes, vramBytes, 0, 0, CpuFeatures.NONE);
    }

    /** The need of a model file on this machine's CPU. */
    public static MemoryEstimate of(ModelMetadata m, int contextSize, int gpuLayers) {
        return of(m, contextSize, gpuLayers, CpuFeatures.current());
    }

    /** The need of a model file on a CPU with {@code cpu}: the matrices it repacks count twice on the CPU's layers. */
    public static MemoryEstimate of(ModelMetadata m, int contextSize, int gpuLayers, CpuFeatures cpu) {
        MemoryEstimate e = of(m.fileSize(), m.blockCount(), m.headCountKv(), m.keyLength(), m.valueLength(),
                m.vocabularySize(), contextSize, gpuLayers);
        int layers = offloaded(gpuLayers, m.blockCount());
        long repackable = WeightRepack.bytes(m.matrices(), cpu);
        long repacked = Math.round(repackable * (1 - layers / (double) (m.blockCount() + 1)));
        return new MemoryEstimate(e.weightsBytes, e.kvCacheBytes, e.computeBytes, e.ramBytes + repacked, e.vramBytes,
                repacked, repackable, cpu);
    }

    /** The same estimate from a model's shape, for a model not downloaded yet (a catalog entry). */
    public static MemoryEstimate of(long weights, int blockCount, int headCountKv, int keyLength, int valueLength,
                                    int vocabularySize, int contextSize, int gpuLayers) {
        // f16 keys and values per layer and position; key and value heads may differ from embedding/heads
        long kv = (long) blockCount * contextSize * headCountKv * ((long) keyLength + valueLength) * 2;
        long compute = FIXED_OVERHEAD + 4L * vocabularySize * Math.min(contextSize, 512);
        int layers = offloaded(gpuLayers, blockCount);
        double gpuShare = layers / (double) (blockCount + 1);
        long onGpu = Math.round((weights + kv) * gpuShare) + (layers > 0 ? compute : 0);
        long inRam = weights + kv + compute - onGpu + (layers > 0 ? FIXED_OVERHEAD : 0);
        return new MemoryEstimate(weights, kv, compute, inRam, onGpu);
    }

    private static int offloaded(int gpuLayers, int blockCount) {
        return gpuLayers < 0 ? blockCount + 1 : Math.min(gpuLayers, blockCount + 1); // -1: all
    }

    /** The same need with nothing on a GPU (a machine without one runs every layer on the CPU, repacking all it can). */
    public MemoryEstimate onCpuOnly() {
        return new MemoryEstimate(weightsBytes, kvCacheBytes, computeBytes,
                weightsBytes + kvCacheBytes + computeBytes + repackableBytes, 0, repackableBytes, repackableBytes, cpu);
    }

    public long totalBytes() {
        return weightsBytes + kvCacheBytes + computeBytes + repackedBytes;
    }
}
