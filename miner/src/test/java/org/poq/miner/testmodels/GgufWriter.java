package org.poq.miner.testmodels;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files: metadata, then tensors whose bytes a {@link TensorData} streams out, so a
 * 600 MB model never sits in memory. Enough of the format for test and benchmark models.
 */
public final class GgufWriter {
    /** Writes a tensor's raw bytes (already in the tensor's ggml type). */
    public interface TensorData {
        void write(OutputStream out) throws IOException;
    }

    private record Tensor(String name, long[] dims, int type, long bytes, TensorData data) {
    }

    private static final int ALIGNMENT = 32;
    private final Map<String, Object[]> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter string(String key, String value) {
        metadata.put(key, new Object[]{8, value});
        return this;
    }

    public GgufWriter u32(String key, long value) {
        metadata.put(key, new Object[]{4, value});
        return this;
    }

    public GgufWriter i32(String key, long value) {
        metadata.put(key, new Object[]{5, value});
        return this;
    }

    public GgufWriter f32(String key, double value) {
        metadata.put(key, new Object[]{6, value});
        return this;
    }

    public GgufWriter bool(String key, boolean value) {
        metadata.put(key, new Object[]{7, value});
        return this;
    }

    /** An array of strings (8), i32 (5) or f32 (6). */
    public GgufWriter array(String key, int elementType, List<?> values) {
        metadata.put(key, new Object[]{9, elementType, values});
        return this;
    }

    public GgufWriter tensor(String name, long[] dims, int ggmlType, long bytes, TensorData data) {
        tensors.add(new Tensor(name, dims, ggmlType, bytes, data));
        return this;
    }

    /** Writes to a temporary file beside the target and moves it in, so no half-written model is left. */
    public void write(Path file) throws IOException {
        writeFile(file, metadata, tensors);
    }

    /**
     * Writes the model as llama.cpp's gguf-split does: {@code PREFIX-00001-of-0000N.gguf} holds the
     * metadata and the first tensors, each later part only the split keys and its tensors; every part
     * carries {@code split.no} (u16, from 0), {@code split.count} (u16) and {@code split.tensors.count} (i32).
     *
     * @return the parts in order
     */
    public List<Path> writeSplit(Path dir, String prefix, int parts) throws IOException {
        if (parts < 2 || parts > tensors.size()) {
            throw new IllegalArgumentException("split into 2.." + tensors.size() + " parts, not " + parts);
        }
        List<Path> out = new ArrayList<>();
        int per = (tensors.size() + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            Map<String, Object[]> kv = new LinkedHashMap<>();
            if (i == 0) {
                kv.putAll(metadata);
            }
            kv.put("split.no", new Object[]{2, i});
            kv.put("split.count", new Object[]{2, parts});
            kv.put("split.tensors.count", new Object[]{5, tensors.size()});
            List<Tensor> slice = tensors.subList(Math.min(i * per, tensors.size()), Math.min((i + 1) * per, tensors.size()));
            Path file = dir.resolve(String.format(java.util.Locale.ROOT, "%s-%05d-of-%05d.gguf", prefix, i + 1, parts));
            writeFile(file, kv, slice);
            out.add(file);
        }
        return out;
    }

    private static void writeFile(Path file, Map<String, Object[]> metadata, List<Tensor> tensors) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            CountingWriter w = new CountingWriter(out);
            w.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
            w.u32(3);
            w.u64(tensors.size());
            w.u64(metadata.size());
            for (Map.Entry<String, Object[]> e : metadata.entrySet()) {
                w.string(e.getKey());
                Object[] v = e.getValue();
                w.u32((Integer) v[0]);
                if ((Integer) v[0] == 9) {
                    int elementType = (Integer) v[1];
                    List<?> values = (List<?>) v[2];
                    w.u32(elementType);
                    w.u64(values.size());
                    for (Object o : values) {
                        w.value(elementType, o);
                    }
                } else {
                    w.value((Integer) v[0], v[1]);
                }
            }
            long offset = 0;
            for (Tensor t : tensors) {
                w.string(t.name);
                w.u32(t.dims.length);
                for (long d : t.dims) {
                    w.u64(d);
                }
                w.u32(t.type);
                w.u64(offset);
                offset = align(offset + t.bytes);
            }
            w.pad();
            for (Tensor t : tensors) {
                long before = w.count;
                t.data.write(w);
                if (w.count - before != t.bytes) {
                    throw new IllegalStateException(t.name + ": wrote " + (w.count - before) + " bytes, declared " + t.bytes);
                }
                w.pad();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static final class CountingWriter extends OutputStream {
        private final DataOutputStream out;
        long count;

        CountingWriter(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void raw(byte[] b) throws IOException {
            write(b, 0, b.length);
        }

        void u32(long v) throws IOException {
            out.writeInt(Integer.reverseBytes((int) v));
            count += 4;
        }

        void u64(long v) throws IOException {
            out.writeLong(Long.reverseBytes(v));
            count += 8;
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            raw(b);
        }

        void value(int type, Object o) throws IOException {
            switch (type) {
                case 2 -> {
                    out.writeShort(Short.reverseBytes(((Number) o).shortValue()));
                    count += 2;
                }
                case 4, 5 -> u32(((Number) o).longValue());
                case 6 -> u32(Float.floatToIntBits(((Number) o).floatValue()));
                case 7 -> write((Boolean) o ? 1 : 0);
                case 8 -> string((String) o);
                default -> throw new IllegalArgumentException("type " + type);
            }
        }

        void pad() throws IOException {
            while (count % ALIGNMENT != 0) {
                write(0);
            }
        }
    }
}
