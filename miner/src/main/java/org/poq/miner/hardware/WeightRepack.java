package org.poq.miner.hardware;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.poq.miner.gguf.GgmlType;
import org.poq.miner.gguf.TensorInfo;

/**
 * Which weights llama.cpp's CPU backend copies into an extra "CPU_REPACK" buffer, interleaved for its
 * SIMD kernels, and how many bytes that copy holds. The file stays mapped as well, so a repacked
 * matrix is in memory twice: a TinyLlama-1.1B Q4_0 file of 591 MiB ran at 1.3 GB RSS on AVX-512
 * (issue 26), where the estimate counted the weights once.
 *
 * <p>The table is ggml_repack_get_optimal_repack_type in ggml/src/ggml-cpu/repack.cpp of the bundled
 * llama.cpp (node-llama-cpp 3.21.1): on x86, AVX2 repacks Q4_0, Q4_K, IQ4_NL and MXFP4 matrices
 * whose row count is a multiple of 8, AVX-512 also Q2_K; on ARM, the dot-product or int8 matrix
 * instructions repack Q4_0, Q4_K, Q5_K, Q6_K and Q8_0 (IQ4_NL and MXFP4 with dot product), Q4_0,
 * IQ4_NL, MXFP4 and Q8_0 at a multiple of 4 rows. Only matrices a matrix product reads are placed
 * there (2-D weights, 3-D expert weights); the token embedding is read by row lookup and is not.
 */
public final class WeightRepack {
    private WeightRepack() {
    }

    /** The weight types repacked on a CPU with {@code f}, with the row multiple each needs. */
    public static Map<GgmlType, Integer> types(CpuFeatures f) {
        Map<GgmlType, Integer> out = new EnumMap<>(GgmlType.class);
        if (f.arm()) {
            if (f.dotprod() || f.int8Matmul()) {
                out.put(GgmlType.Q4_0, 4);
                out.put(GgmlType.Q4_K, 8);
                out.put(GgmlType.Q5_K, 8);
                out.put(GgmlType.Q6_K, 8);
                out.put(GgmlType.Q8_0, 4);
            }
            if (f.dotprod()) {
                out.put(GgmlType.IQ4_NL, 4);
                out.put(GgmlType.MXFP4, 4);
            }
            return out;
        }
        if (f.avx2() || f.avx512()) {
            out.put(GgmlType.Q4_0, 8);
            out.put(GgmlType.Q4_K, 8);
            out.put(GgmlType.IQ4_NL, 8);
            out.put(GgmlType.MXFP4, 8);
        }
        if (f.avx512()) {
            out.put(GgmlType.Q2_K, 8);
        }
        return out;
    }

    /** The bytes of {@code tensors} llama.cpp repacks on a CPU with {@code f} (a second copy in memory). */
    public static long bytes(List<TensorInfo> tensors, CpuFeatures f) {
        Map<GgmlType, Integer> types = types(f);
        long sum = 0;
        for (TensorInfo t : tensors) {
            Integer rows = types.get(t.type());
            if (rows != null && readByMatrixProduct(t) && t.dimensions().get(1) % rows == 0) {
                sum += t.byteSize();
            }
        }
        return sum;
    }

    /** The types of {@link #types} in words: "Q4_0, Q4_K, IQ4_NL, MXFP4"; empty when none repack. */
    public static String describe(CpuFeatures f) {
        Set<GgmlType> t = types(f).keySet();
        return t.stream().map(GgmlType::name).collect(Collectors.joining(", "));
    }

    private static boolean readByMatrixProduct(TensorInfo t) {
        int dims = t.dimensions().size();
        return (dims == 2 || dims == 3) && t.name().endsWith(".weight") && !t.name().startsWith("token_embd.");
    }
}
