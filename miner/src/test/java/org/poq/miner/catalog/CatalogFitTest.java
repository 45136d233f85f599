package org.poq.miner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.poq.miner.hardware.HardwareInfo;

/** Fit labels of real catalog entries on machines of known sizes (the same estimate a downloaded model gets). */
class CatalogFitTest {
    private static final long GIB = 1L << 30;
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();

    private static HardwareInfo machine(long ramGib, long vramGib) {
        return new HardwareInfo("test CPU", 8, ramGib * GIB, ramGib * GIB,
                vramGib == 0 ? List.of() : List.of(new HardwareInfo.Gpu("test GPU", "NVIDIA", vramGib * GIB)));
    }

    private static CatalogFit fit(String name, HardwareInfo hw) {
        ModelCatalog.Selection s = CATALOG.select(name);
        return CatalogFit.assess(s.entry(), s.quant(), s.quant().size(), hw);
    }

    @Test
    void aSmallModelOnALaptopWithoutGpuRunsOnTheCpu() {
        ModelCatalog.Selection s = CATALOG.select("llama-3.2-1b-instruct:Q4_K_M");
        CatalogFit f = CatalogFit.assess(s.entry(), s.quant(), OptionalLong.empty(), machine(16, 0));
        assertThat(f.kind()).isEqualTo(CatalogFit.Kind.CPU_ONLY);
        assertThat(f.sizeEstimated()).isTrue();
        // 1.24 billion parameters at 4.9 bits: 759,500,000 bytes, in the binary units every face shows
        assertThat(f.explanation()).startsWith("about 724.3 MiB of weights at a context of 4096: no GPU; ");
    }

    @Test
    void an8BModelFitsA24GbGpuWhole() {
        CatalogFit f = fit("llama-3.1-8b-instruct:Q4_K_M", machine(64, 24));
        assertThat(f.kind()).isEqualTo(CatalogFit.Kind.FULL_GPU);
        assertThat(f.gpuLayers()).isEqualTo(32);
    }

    @Test
    void a70BModelOnAn8GbGpuIsPartlyOffloaded() {
        CatalogFit f = fit("llama-3.1-70b-instruct:Q4_K_M", machine(64, 8));
        assertThat(f.kind()).isEqualTo(CatalogFit.Kind.PARTIAL_OFFLOAD);
        assertThat(f.gpuLayers()).isBetween(1, 79);
        assertThat(f.explanation()).contains(f.gpuLayers() + " of 80 layers on the GPU");
    }

    @Test
    void a70BModelDoesNotFitA16GbMachine() {
        CatalogFit f = fit("llama-3.1-70b-instruct:Q8_0", machine(16, 0));
        assertThat(f.kind()).isEqualTo(CatalogFit.Kind.DOES_NOT_FIT);
        assertThat(f.explanation()).contains("needs").contains("GiB of RAM");
    }

    @Test
    void aKnownSizeIsUsedInsteadOfTheEstimate() {
        ModelCatalog.Selection s = CATALOG.select("llama-3.2-1b-instruct:Q4_K_M");
        CatalogFit f = CatalogFit.assess(s.entry(), s.quant(), OptionalLong.of(807_694_464L), machine(16, 0));
        assertThat(f.sizeEstimated()).isFalse();
        assertThat(f.weightsBytes()).isEqualTo(807_694_464L);
        assertThat(f.explanation()).startsWith("770.3 MiB of weights");
    }
}
