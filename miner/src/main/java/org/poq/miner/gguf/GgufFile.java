package org.poq.miner.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header of a GGUF file: its key-value metadata and tensor table. Values keep their natural Java
 * types: Long for every integer width, Double for floats, Boolean, String, and List for arrays.
 */
public record GgufFile(Path path, int version, Map<String, Object> metadata, List<TensorInfo> tensors,
                       long dataOffset, long fileSize) {
    public GgufFile {
        metadata = Collections.unmodifiableMap(metadata);
        tensors = List.copyOf(tensors);
    }

    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public Optional<Long> integer(String key) {
        return metadata.get(key) instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    public Optional<List<?>> array(String key) {
        return metadata.get(key) instanceof List<?> l ? Optional.of(l) : Optional.empty();
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public long parameterCount() {
        long n = 0;
        for (TensorInfo t : tensors) {
            n += t.elementCount();
        }
        return n;
    }
}
