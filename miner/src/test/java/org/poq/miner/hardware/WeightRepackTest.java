package org.poq.miner.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.poq.miner.gguf.GgmlType;
import org.poq.miner.gguf.TensorInfo;

/**
 * The repack table is llama.cpp's (ggml_repack_get_optimal_repack_type in the bundled repack.cpp): which
 * weight types each CPU repacks, the row multiple each needs, and which tensors a matrix product reads.
 */
class WeightRepackTest {
    static final CpuFeatures AVX2 = CpuFeatures.of(false, Set.of("avx", "avx2", "fma"));
    static final CpuFeatures AVX512 = CpuFeatures.of(false, Set.of("avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq"));
    static final CpuFeatures OLD_X86 = CpuFeatures.of(false, Set.of("sse4_2", "avx"));
    static final CpuFeatures ARM_DOTPROD = CpuFeatures.of(true, Set.of("asimd", "asimddp"));

    @Test
    void eachCpuRepacksTheTypesOfLlamaCppsTable() {
        assertThat(WeightRepack.types(AVX2).keySet()).containsExactlyInAnyOrder(GgmlType.Q4_0, GgmlType.Q4_K,
                GgmlType.IQ4_NL, GgmlType.MXFP4);
        assertThat(WeightRepack.types(AVX512).keySet()).contains(GgmlType.Q2_K).contains(GgmlType.Q4_0);
        assertThat(WeightRepack.types(OLD_X86)).as("the SSE4.2 and AVX builds repack nothing").isEmpty();
        assertThat(WeightRepack.types(ARM_DOTPROD).keySet()).contains(GgmlType.Q4_0, GgmlType.Q6_K, GgmlType.Q8_0,
                GgmlType.IQ4_NL).doesNotContain(GgmlType.Q2_K);
        assertThat(WeightRepack.describe(AVX2)).isEqualTo("Q4_0, Q4_K, IQ4_NL, MXFP4");
        assertThat(AVX512.describe()).isEqualTo("AVX2, AVX-512");
    }

    @Test
    void onlyMatricesAMatrixProductReadsWithTheRightRowCountAreRepacked() {
        TensorInfo embedding = new TensorInfo("token_embd.weight", List.of(2048L, 32000L), GgmlType.Q4_0, 0);
        TensorInfo output = new TensorInfo("output.weight", List.of(2048L, 32000L), GgmlType.Q4_0, 0);
        TensorInfo odd = new TensorInfo("blk.0.attn_k.weight", List.of(2048L, 260L), GgmlType.Q4_0, 0); // 260 % 8 != 0
        TensorInfo q6 = new TensorInfo("blk.0.ffn_down.weight", List.of(5632L, 2048L), GgmlType.Q6_K, 0);
        TensorInfo experts = new TensorInfo("blk.0.ffn_up_exps.weight", List.of(2048L, 5632L, 8L), GgmlType.Q4_K, 0);
        assertThat(WeightRepack.bytes(List.of(embedding, output, odd, q6, experts), AVX2))
                .isEqualTo(output.byteSize() + experts.byteSize());
        assertThat(WeightRepack.bytes(List.of(q6), ARM_DOTPROD)).isEqualTo(q6.byteSize());
        assertThat(WeightRepack.bytes(List.of(output), OLD_X86)).isZero();
    }

    @Test
    void cpuinfoFlagsAreRead() {
        String x86 = "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse4_2 avx avx2 avx512f avx512bw avx512vl avx512dq\n";
        assertThat(CpuFeatures.fromCpuinfo(false, x86)).isEqualTo(new CpuFeatures(false, true, true, false, false));
        String arm = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes asimddp i8mm\n";
        assertThat(CpuFeatures.fromCpuinfo(true, arm)).isEqualTo(new CpuFeatures(true, false, false, true, true));
    }
}
