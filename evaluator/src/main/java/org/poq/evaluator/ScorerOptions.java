package org.poq.evaluator;

/**
 * How a scorer runs. None of these change a score: batches only group rows of equal padded length
 * (see {@link PaddedBatch}), and ONNX Runtime splits work across threads by rows and columns, never
 * inside one sum.
 *
 * @param intraOpThreads threads ONNX Runtime uses per call; 0 lets it choose (one per physical core)
 * @param batchSize      the most rows per model call
 */
public record ScorerOptions(ExecutionDevice device, int intraOpThreads, int batchSize) {
    public ScorerOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0: " + intraOpThreads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
    }

    public static ScorerOptions defaults() {
        return new ScorerOptions(ExecutionDevice.AUTO, 0, 16);
    }

    public ScorerOptions withDevice(ExecutionDevice d) {
        return new ScorerOptions(d, intraOpThreads, batchSize);
    }

    public ScorerOptions withBatchSize(int b) {
        return new ScorerOptions(device, intraOpThreads, b);
    }

    public ScorerOptions withThreads(int t) {
        return new ScorerOptions(device, t, batchSize);
    }
}
