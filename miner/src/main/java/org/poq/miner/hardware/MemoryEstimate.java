package org.poq.miner.hardware;

import org.poq.miner.gguf.ModelMetadata;

/**
 * Memory a model will need once loaded, split between RAM and GPU memory by the share of layers
 * offloaded. Weights are the file's size (llama.cpp maps the file); the KV cache is f16 keys and
 * values for every layer and context position; the compute buffers are estimated from the logits of
 * one 512-token batch plus a fixed allowance, which matches llama.cpp's reports within tens of MB.
 */
public record MemoryEstimate(long weightsBytes, long kvCacheBytes, long computeBytes, long ramBytes, long vramBytes) {
    private static final long FIXED_OVERHEAD = 64L << 20;

    public static MemoryEstimate of(ModelMetadata m, int contextSize, int gpuLayers) {
        return of(m.fileSize(), m.blockCount(), m.headCountKv(), m.keyLength(), m.valueLength(), m.vocabularySize(),
                contextSize, gpuLayers);
    }

    /** The same estimate from a model's shape, for a model not downloaded yet (a catalog entry). */
    public static MemoryEstimate of(long weights, int blockCount, int headCountKv, int keyLength, int valueLength,
                                    int vocabularySize, int contextSize, int gpuLayers) {
        // f16 keys and values per layer and position; key and value heads may differ from embedding/heads
        long kv = (long) blockCount * contextSize * headCountKv * ((long) keyLength + valueLength) * 2;
        long compute = FIXED_OVERHEAD + 4L * vocabularySize * Math.min(contextSize, 512);
        int layers = gpuLayers < 0 ? blockCount + 1 : Math.min(gpuLayers, blockCount + 1); // -1: all
        double gpuShare = layers / (double) (blockCount + 1);
        long onGpu = Math.round((weights + kv) * gpuShare) + (layers > 0 ? compute : 0);
        long inRam = weights + kv + compute - onGpu + (layers > 0 ? FIXED_OVERHEAD : 0);
        return new MemoryEstimate(weights, kv, compute, inRam, onGpu);
    }

    /** The same need with nothing on a GPU (a machine without one runs every layer on the CPU). */
    public MemoryEstimate onCpuOnly() {
        long compute = computeBytes;
        return new MemoryEstimate(weightsBytes, kvCacheBytes, compute, weightsBytes + kvCacheBytes + compute, 0);
    }

    public long totalBytes() {
        return weightsBytes + kvCacheBytes + computeBytes;
    }
}
