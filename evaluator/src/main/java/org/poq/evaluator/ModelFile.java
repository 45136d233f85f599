package org.poq.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the scorer needs to know about model.onnx beyond its inputs and outputs. */
final class ModelFile {
    /**
     * Operators of ONNX Runtime's dynamic quantisation. They pick one quantisation scale per tensor from
     * the values in the whole batch, so a row's result depends on which other rows share its call
     * (issue 12 measured 97 of 200 scores moving, by up to 148 points). Their names appear as plain
     * bytes in the protobuf (op_type strings), so a byte search finds them without an ONNX parser.
     */
    private static final List<byte[]> DYNAMIC_QUANTISATION_OPS = List.of(
            "DynamicQuantizeLinear".getBytes(StandardCharsets.US_ASCII),
            "DynamicQuantizeMatMul".getBytes(StandardCharsets.US_ASCII),
            "MatMulInteger".getBytes(StandardCharsets.US_ASCII));

    private ModelFile() {
    }

    /** True when the model uses dynamic quantisation: the scorer then runs it one row per call. */
    static boolean usesDynamicQuantisation(Path model) throws IOException {
        int keep = DYNAMIC_QUANTISATION_OPS.stream().mapToInt(b -> b.length).max().orElse(0) - 1;
        byte[] buffer = new byte[1 << 20];
        int carried = 0;
        try (InputStream in = Files.newInputStream(model)) {
            int n;
            while ((n = in.read(buffer, carried, buffer.length - carried)) > 0) {
                int length = carried + n;
                for (byte[] op : DYNAMIC_QUANTISATION_OPS) {
                    if (indexOf(buffer, length, op) >= 0) {
                        return true;
                    }
                }
                // Keep the tail, so an operator name split across two reads is still found.
                carried = Math.min(keep, length);
                System.arraycopy(buffer, length - carried, buffer, 0, carried);
            }
        }
        return false;
    }

    private static int indexOf(byte[] data, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
