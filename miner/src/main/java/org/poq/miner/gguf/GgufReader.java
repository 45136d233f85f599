package org.poq.miner.gguf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a GGUF header (versions 2 and 3, little-endian) without touching the tensor data, so a
 * many-gigabyte model is inspected in milliseconds. Every length read from the file is checked
 * against the file's size first: a corrupt count must give an error, not an out-of-memory.
 */
public final class GgufReader {
    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int DEFAULT_ALIGNMENT = 32;

    private final DataInputStream in;
    private final long fileSize;
    private long position;

    private GgufReader(InputStream in, long fileSize) {
        this.in = new DataInputStream(in);
        this.fileSize = fileSize;
    }

    public static GgufFile read(Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new GgufException(GgufException.Reason.UNREADABLE, "no such file: " + path, e);
        } catch (IOException e) {
            throw new GgufException(GgufException.Reason.UNREADABLE, "cannot read " + path + ": " + e.getMessage(), e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return new GgufReader(raw, size).readFile(path);
        } catch (EOFException e) {
            throw new GgufException(GgufException.Reason.TRUNCATED,
                    path.getFileName() + " is truncated: it ends inside its header (" + size + " bytes)", e);
        } catch (IOException e) {
            throw new GgufException(GgufException.Reason.UNREADABLE, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the header from the first bytes of a file whose whole size is known (a download's first
     * megabytes), so a file the engine cannot run is refused before it is fetched. Empty when the
     * header runs past the bytes given.
     */
    public static Optional<GgufFile> readPrefix(Path prefix, long wholeSize) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(prefix), 1 << 16)) {
            return Optional.of(new GgufReader(raw, wholeSize).readFile(prefix));
        } catch (EOFException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GgufException(GgufException.Reason.UNREADABLE, "cannot read " + prefix + ": " + e.getMessage(), e);
        }
    }

    private GgufFile readFile(Path path) throws IOException {
        if (fileSize < 4 || u32() != MAGIC) {
            throw new GgufException(GgufException.Reason.NOT_GGUF,
                    path.getFileName() + " is not a GGUF model file (no GGUF signature at its start)");
        }
        int version = (int) u32();
        if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
            throw new GgufException(GgufException.Reason.MALFORMED, path.getFileName() + " is a big-endian GGUF file "
                    + "(made for s390x and similar machines); this engine reads little-endian files: take the model's "
                    + "ordinary GGUF file");
        }
        if (version == 1) {
            throw new GgufException(GgufException.Reason.MALFORMED, path.getFileName() + " is a GGUF version 1 file, "
                    + "a format llama.cpp dropped in 2023; this engine reads versions 2 and 3: convert the model again "
                    + "with a current llama.cpp or take a newer file");
        }
        if (version < 2 || version > 3) {
            throw new GgufException(GgufException.Reason.MALFORMED, path.getFileName() + " has GGUF version " + version
                    + "; this engine reads versions 2 and 3");
        }
        long tensorCount = count("tensor count", 8);
        long kvCount = count("metadata count", 12);
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = string();
            int type = (int) u32();
            metadata.put(key, value(type));
        }
        List<TensorInfo> tensors = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = string();
            int dims = (int) u32();
            if (dims < 1 || dims > 4) {
                throw new GgufException(GgufException.Reason.MALFORMED, "tensor " + name + " has " + dims + " dimensions");
            }
            List<Long> shape = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                shape.add(i64());
            }
            GgmlType type = GgmlType.byId((int) u32());
            tensors.add(new TensorInfo(name, shape, type, i64()));
        }
        long alignment = metadata.get("general.alignment") instanceof Long a && a > 0 ? a : DEFAULT_ALIGNMENT;
        long dataOffset = (position + alignment - 1) / alignment * alignment;
        long dataEnd = dataOffset;
        for (TensorInfo t : tensors) {
            dataEnd = Math.max(dataEnd, dataOffset + t.offset() + t.byteSize());
        }
        if (dataEnd > fileSize) {
            throw new GgufException(GgufException.Reason.TRUNCATED, String.format(
                    "%s is truncated: its tensors need %d bytes but the file has %d (%.1f%% present)",
                    path.getFileName(), dataEnd, fileSize, 100.0 * fileSize / dataEnd));
        }
        return new GgufFile(path, version, metadata, tensors, dataOffset, fileSize);
    }

    private Object value(int type) throws IOException {
        return switch (type) {
            case 0 -> (long) u8();
            case 1 -> (long) (byte) u8();
            case 2 -> (long) Short.toUnsignedInt(Short.reverseBytes(in.readShort())) + skip(2);
            case 3 -> (long) Short.reverseBytes(in.readShort()) + skip(2);
            case 4 -> u32();
            case 5 -> (long) (int) u32();
            case 6 -> (double) Float.intBitsToFloat((int) u32());
            case 7 -> u8() != 0;
            case 8 -> string();
            case 9 -> array();
            case 10, 11 -> i64();
            case 12 -> Double.longBitsToDouble(i64());
            default -> throw new GgufException(GgufException.Reason.MALFORMED, "unknown metadata value type " + type);
        };
    }

    private List<Object> array() throws IOException {
        int elementType = (int) u32();
        long n = count("array length", 1);
        List<Object> values = new ArrayList<>((int) Math.min(n, 1 << 16));
        for (long i = 0; i < n; i++) {
            values.add(value(elementType));
        }
        return values;
    }

    private String string() throws IOException {
        long n = count("string length", 1);
        byte[] bytes = new byte[(int) n];
        in.readFully(bytes);
        position += n;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count read from the file, each item at least minBytes long, that must fit in what is left. */
    private long count(String what, int minBytes) throws IOException {
        long n = i64();
        if (n < 0 || n > (fileSize - position) / minBytes || n > Integer.MAX_VALUE - 8) {
            if (n >= 0 && n <= Integer.MAX_VALUE && fileSize - position < (long) minBytes * n) {
                throw new EOFException(what);
            }
            throw new GgufException(GgufException.Reason.MALFORMED, "implausible " + what + " " + n);
        }
        return n;
    }

    private long skip(int n) {
        position += n;
        return 0;
    }

    private int u8() throws IOException {
        position += 1;
        return in.readUnsignedByte();
    }

    private long u32() throws IOException {
        position += 4;
        return Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
    }

    private long i64() throws IOException {
        position += 8;
        return Long.reverseBytes(in.readLong());
    }
}
