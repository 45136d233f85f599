package org.poq.miner.gguf;

import java.util.HashMap;
import java.util.Map;
import org.poq.miner.engine.LlamaLibraries;

/**
 * The tensor element types of ggml as numbered in GGUF files (ggml.h), with the block geometry that
 * gives a tensor's size on disk. A type missing here makes a file unreadable rather than mis-sized.
 */
public enum GgmlType {
    F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22), Q5_1(7, 32, 24),
    Q8_0(8, 32, 34), Q8_1(9, 32, 36), Q2_K(10, 256, 84), Q3_K(11, 256, 110), Q4_K(12, 256, 144),
    Q5_K(13, 256, 176), Q6_K(14, 256, 210), Q8_K(15, 256, 292), IQ2_XXS(16, 256, 66), IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98), IQ1_S(19, 256, 50), IQ4_NL(20, 32, 18), IQ3_S(21, 256, 110), IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136), I8(24, 1, 1), I16(25, 1, 2), I32(26, 1, 4), I64(27, 1, 8), F64(28, 1, 8),
    IQ1_M(29, 256, 56), BF16(30, 1, 2), TQ1_0(34, 256, 54), TQ2_0(35, 256, 66), MXFP4(39, 32, 17),
    NVFP4(40, 64, 36), Q1_0(41, 128, 18), Q2_0(42, 64, 18);

    private static final Map<Integer, GgmlType> BY_ID = new HashMap<>();

    static {
        for (GgmlType t : values()) {
            BY_ID.put(t.id, t);
        }
    }

    private final int id;
    private final int blockSize;
    private final int bytesPerBlock;

    GgmlType(int id, int blockSize, int bytesPerBlock) {
        this.id = id;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    public int id() {
        return id;
    }

    public int blockSize() {
        return blockSize;
    }

    public static GgmlType byId(int id) {
        GgmlType t = BY_ID.get(id);
        if (t == null) {
            // a type added to ggml after this engine's build: the file is fine, the engine is old
            throw new GgufException(GgufException.Reason.UNSUPPORTED_ARCHITECTURE, "the file uses tensor type " + id
                    + ", which needs a newer engine than this one (llama.cpp of node-llama-cpp "
                    + LlamaLibraries.NODE_LLAMA_CPP_VERSION + "): update PoQ Desktop");
        }
        return t;
    }

    /** Bytes of a tensor with this many elements; the count must be a whole number of blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new GgufException(GgufException.Reason.MALFORMED,
                    elements + " elements are not a whole number of " + this + " blocks of " + blockSize);
        }
        return elements / blockSize * bytesPerBlock;
    }
}
