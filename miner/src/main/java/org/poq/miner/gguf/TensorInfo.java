package org.poq.miner.gguf;

import java.util.List;

/** One tensor's header entry; {@code offset} is relative to the start of the tensor data. */
public record TensorInfo(String name, List<Long> dimensions, GgmlType type, long offset) {
    public TensorInfo {
        dimensions = List.copyOf(dimensions);
    }

    public long elementCount() {
        long n = 1;
        for (long d : dimensions) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }
}
