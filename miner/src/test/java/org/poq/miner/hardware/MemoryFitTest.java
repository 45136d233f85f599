package org.poq.miner.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.testmodels.ModelFiles;

class MemoryFitTest {
    private static final long GIB = 1L << 30;
    private final ModelMetadata tiny = ModelMetadata.read(ModelFiles.tinyLlama3());

    @Test
    void detectsThisMachine() {
        HardwareInfo hw = HardwareInfo.detect();
        assertThat(hw.logicalCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(hw.totalRamBytes()).isGreaterThan(0).isGreaterThanOrEqualTo(hw.availableRamBytes());
    }

    @Test
    void theKvCacheGrowsWithTheContext() {
        MemoryEstimate small = MemoryEstimate.of(tiny, 256, 0);
        MemoryEstimate large = MemoryEstimate.of(tiny, 512, 0);
        // 2 (K and V) x 2 layers x positions x 2 kv heads x 16 dims x 2 bytes
        assertThat(small.kvCacheBytes()).isEqualTo(2L * 2 * 256 * 2 * 16 * 2);
        assertThat(large.kvCacheBytes()).isEqualTo(2 * small.kvCacheBytes());
        assertThat(small.vramBytes()).isZero();
        assertThat(small.ramBytes()).isEqualTo(small.totalBytes());
    }

    @Test
    void offloadingMovesMemoryToTheGpu() {
        MemoryEstimate all = MemoryEstimate.of(tiny, 512, 99);
        assertThat(all.vramBytes()).isGreaterThan(tiny.fileSize());
        assertThat(all.ramBytes()).isLessThan(MemoryEstimate.of(tiny, 512, 0).ramBytes());
    }

    @Test
    void judgesTheFit() {
        MemoryEstimate need = new MemoryEstimate(4 * GIB, GIB, GIB / 4, 5 * GIB, 0);
        assertThat(MemoryFit.assess(need, machine(16 * GIB, 12 * GIB, 0)).verdict()).isEqualTo(MemoryFit.Verdict.FITS);
        assertThat(MemoryFit.assess(need, machine(16 * GIB, 2 * GIB, 0)).verdict()).isEqualTo(MemoryFit.Verdict.TIGHT);
        assertThat(MemoryFit.assess(need, machine(4 * GIB, 2 * GIB, 0)).verdict())
                .isEqualTo(MemoryFit.Verdict.DOES_NOT_FIT);

        MemoryEstimate onGpu = new MemoryEstimate(4 * GIB, GIB, GIB / 4, GIB, 5 * GIB);
        assertThat(MemoryFit.assess(onGpu, machine(16 * GIB, 12 * GIB, 8 * GIB)).verdict())
                .isEqualTo(MemoryFit.Verdict.FITS);
        assertThat(MemoryFit.assess(onGpu, machine(16 * GIB, 12 * GIB, 4 * GIB)).explanation())
                .contains("offload fewer layers");
        HardwareInfo unknownVram = new HardwareInfo("test CPU", 8, 16 * GIB, 12 * GIB,
                List.of(new HardwareInfo.Gpu("test GPU", "test", 0)));
        assertThat(MemoryFit.assess(onGpu, unknownVram).explanation()).contains("could not be detected");
    }

    @Test
    void withoutAGpuItSaysSoAndJudgesTheCpuAlone() {
        MemoryEstimate onGpu = new MemoryEstimate(4 * GIB, GIB, GIB / 4, GIB, 5 * GIB);
        MemoryFit fit = MemoryFit.assess(onGpu, machine(16 * GIB, 12 * GIB, 0));
        assertThat(fit.verdict()).isEqualTo(MemoryFit.Verdict.FITS);
        assertThat(fit.explanation()).startsWith("no GPU").contains("5.3 GiB of RAM").doesNotContain("TIGHT");
    }

    @Test
    void aModelThatDoesNotFitIsRefusedWithTheNumbers() {
        HardwareInfo small = machine(GIB / 1024, GIB / 2048, 0); // a 1 MiB machine: the tiny model's KV at 1M context does not fit
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MemoryFit.require(tiny, 1 << 20, 0, small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit")
                .hasMessageContaining("1048576 tokens");
        assertThat(MemoryFit.require(tiny, 512, 0, machine(16 * GIB, 12 * GIB, 0)).verdict())
                .isEqualTo(MemoryFit.Verdict.FITS);
    }

    @Test
    void readsNvidiaSmi() {
        assertThat(HardwareInfo.parseNvidiaSmi("NVIDIA H200, 143771\nNVIDIA RTX 4090, 24564\n"))
                .containsExactly(new HardwareInfo.Gpu("NVIDIA H200", "NVIDIA", 143771L << 20),
                        new HardwareInfo.Gpu("NVIDIA RTX 4090", "NVIDIA", 24564L << 20));
        assertThat(HardwareInfo.parseNvidiaSmi("No devices were found")).isEmpty();
    }

    @Test
    void allLayersMeansEveryLayerIncludingTheOutput() {
        assertThat(MemoryEstimate.of(tiny, 512, -1)).isEqualTo(MemoryEstimate.of(tiny, 512, tiny.blockCount() + 1));
    }

    private static HardwareInfo machine(long total, long available, long vram) {
        return new HardwareInfo("test CPU", 8, total, available,
                vram > 0 ? List.of(new HardwareInfo.Gpu("test GPU", "test", vram)) : List.of());
    }
}
