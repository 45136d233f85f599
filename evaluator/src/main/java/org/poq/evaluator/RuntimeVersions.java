package org.poq.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The ONNX Runtime and tokenizer library versions this build scores with, written into the evaluator id:
 * a different runtime can sum floats in another order, so validators on different versions must not
 * count as running the same evaluator. Read from a resource Maven fills in at build time (the jars'
 * own manifests do not survive the installer's shaded jar).
 */
final class RuntimeVersions {
    private static final String ONNXRUNTIME;
    private static final String TOKENIZERS;

    static {
        Properties p = new Properties();
        try (InputStream in = RuntimeVersions.class.getResourceAsStream("runtime-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("runtime-versions.properties is missing from the evaluator jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ONNXRUNTIME = p.getProperty("onnxruntime");
        TOKENIZERS = p.getProperty("tokenizers");
        if (ONNXRUNTIME == null || ONNXRUNTIME.contains("${") || TOKENIZERS == null || TOKENIZERS.contains("${")) {
            throw new IllegalStateException("runtime-versions.properties was not filled in by the build");
        }
    }

    private RuntimeVersions() {
    }

    static String onnxRuntime() {
        return ONNXRUNTIME;
    }

    static String tokenizers() {
        return TOKENIZERS;
    }

    static String canonicalLine() {
        return "runtime onnxruntime=" + ONNXRUNTIME + " tokenizers=djl-" + TOKENIZERS + "\n";
    }
}
