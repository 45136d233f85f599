package org.poq.miner.catalog;

import java.util.Locale;
import java.util.OptionalLong;
import org.poq.core.ByteSizes;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.hardware.MemoryFit;

/**
 * How a catalog model would run on this machine at its recommended context, from the same estimate
 * and fit as a downloaded model's ({@link MemoryEstimate}, {@link MemoryFit}): every layer on the GPU,
 * some of them, the CPU alone, or not at all. Without a published size the weights are estimated from
 * the parameter count and the quantisation's bits per weight, and the sentence says "about".
 */
public record CatalogFit(Kind kind, int gpuLayers, long weightsBytes, boolean sizeEstimated, String explanation) {
    public enum Kind {
        FULL_GPU("full GPU"), PARTIAL_OFFLOAD("partial offload"), CPU_ONLY("CPU only"), DOES_NOT_FIT("does not fit");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** @param knownSize the files' total size when known (catalog or host), else empty */
    public static CatalogFit assess(ModelCatalog.Entry e, ModelCatalog.CatalogQuant q, OptionalLong knownSize, HardwareInfo hw) {
        boolean estimated = knownSize.isEmpty();
        long weights = knownSize.orElse(Math.round(e.parametersBillions() * 1e9 * bitsPerWeight(q.quant()) / 8));
        ModelCatalog.Shape s = e.shape();
        int layers = s.layers();
        int context = e.recommendedContext();
        String size = (estimated ? "about " : "") + ByteSizes.format(weights) + " of weights at a context of " + context;
        if (!hw.gpus().isEmpty()) {
            MemoryFit all = MemoryFit.assess(estimate(weights, s, context, -1), hw);
            if (all.verdict() != MemoryFit.Verdict.DOES_NOT_FIT) {
                return new CatalogFit(Kind.FULL_GPU, layers, weights, estimated, size + ": " + all.explanation());
            }
            for (int n = layers; n >= 1; n--) {
                MemoryFit some = MemoryFit.assess(estimate(weights, s, context, n), hw);
                if (some.verdict() != MemoryFit.Verdict.DOES_NOT_FIT) {
                    return new CatalogFit(Kind.PARTIAL_OFFLOAD, n, weights, estimated,
                            size + ": " + n + " of " + layers + " layers on the GPU, " + some.explanation());
                }
            }
        }
        MemoryFit cpu = MemoryFit.assess(estimate(weights, s, context, 0), hw);
        if (cpu.verdict() != MemoryFit.Verdict.DOES_NOT_FIT) {
            return new CatalogFit(Kind.CPU_ONLY, 0, weights, estimated, size + ": " + (hw.gpus().isEmpty() ? "no GPU; " : "")
                    + cpu.explanation());
        }
        return new CatalogFit(Kind.DOES_NOT_FIT, 0, weights, estimated, size + ": " + cpu.explanation());
    }

    private static MemoryEstimate estimate(long weights, ModelCatalog.Shape s, int context, int gpuLayers) {
        return MemoryEstimate.of(weights, s.layers(), s.kvHeads(), s.keyLength(), s.valueLength(), s.vocabulary(),
                context, gpuLayers);
    }

    /** llama.cpp's effective bits per weight of a file type (its quantize tool's table, rounded up). */
    static double bitsPerWeight(String quant) {
        return switch (quant.toUpperCase(Locale.ROOT)) {
            case "Q4_0" -> 4.55;
            case "Q4_K_S" -> 4.6;
            case "Q4_K_M" -> 4.9;
            case "Q5_K_M" -> 5.7;
            case "Q6_K" -> 6.6;
            case "Q8_0" -> 8.5;
            default -> 16.0;
        };
    }
}
