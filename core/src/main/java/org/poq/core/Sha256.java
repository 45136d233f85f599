package org.poq.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: the id of a model file or of an evaluator package. */
public record Sha256(byte[] bytes) {
    public Sha256 {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
        }
        bytes = bytes.clone();
    }

    public static Sha256 parse(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (h.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits: '" + hex + "'");
        }
        return new Sha256(HexFormat.of().parseHex(h));
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static Sha256 of(byte[] data) {
        return new Sha256(newDigest().digest(data));
    }

    public static Sha256 ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return new Sha256(digest.digest());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 s && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
