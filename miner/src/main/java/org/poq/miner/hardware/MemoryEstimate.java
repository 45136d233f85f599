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
        long weights = m.fileSize();
        // f16 keys and values per layer and position; key and value heads may differ from embedding/heads
        long kv = (long) m.blockCount() * contextSize * m.headCountKv() * ((long) m.keyLength() + m.valueLength()) * 2;
        long compute = FIXED_OVERHEAD + 4L * m.vocabularySize() * Math.min(contextSize, 512);
        int layers = gpuLayers < 0 ? m.blockCount() + 1 : Math.min(gpuLayers, m.blockCount() + 1); // -1: all
        double gpuShare = layers / (double) (m.blockCount() + 1);
        gpuLayers = layers;
        long onGpu = Math.round((weights + kv) * gpuShare) + (gpuLayers > 0 ? compute : 0);
        long inRam = weights + kv + compute - onGpu + (gpuLayers > 0 ? FIXED_OVERHEAD : 0);
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
