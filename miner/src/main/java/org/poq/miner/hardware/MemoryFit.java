package org.poq.miner.hardware;

import org.poq.miner.gguf.ModelMetadata;

/** Whether an estimate fits a machine, with a sentence to show before loading. */
public record MemoryFit(Verdict verdict, String explanation) {
    public enum Verdict {
        /** Fits in the memory available now. */
        FITS,
        /** Fits the machine, but only if other programs give memory back (or GPU memory is unknown). */
        TIGHT,
        /** Larger than the machine's memory. */
        DOES_NOT_FIT
    }

    public static MemoryFit assess(MemoryEstimate need, HardwareInfo hw) {
        if (need.vramBytes() > 0 && hw.gpus().isEmpty()) {
            MemoryFit cpu = assess(need.onCpuOnly(), hw);
            return new MemoryFit(cpu.verdict(), "no GPU: every layer runs on the CPU; " + cpu.explanation());
        }
        String ram = String.format("needs %s of RAM%s (%s available of %s)", gib(need.ramBytes()), repacked(need),
                gib(hw.availableRamBytes()), gib(hw.totalRamBytes()));
        if (need.ramBytes() > hw.totalRamBytes()) {
            return new MemoryFit(Verdict.DOES_NOT_FIT, "the model " + ram);
        }
        if (need.vramBytes() > 0) {
            long vram = hw.largestVramBytes();
            if (vram == 0) {
                return new MemoryFit(Verdict.TIGHT, "the model " + ram + " and " + gib(need.vramBytes())
                        + " of GPU memory, which could not be detected");
            }
            if (need.vramBytes() > vram) {
                return new MemoryFit(Verdict.DOES_NOT_FIT, "the model needs " + gib(need.vramBytes())
                        + " of GPU memory but the GPU has " + gib(vram) + ": offload fewer layers");
            }
        }
        if (need.ramBytes() > hw.availableRamBytes()) {
            return new MemoryFit(Verdict.TIGHT, "the model " + ram + ": close other programs first");
        }
        return new MemoryFit(Verdict.FITS, "the model " + ram);
    }

    /** Refuses a model that cannot fit this machine, in the words a user needs; returns the fit otherwise. */
    public static MemoryFit require(ModelMetadata model, int contextSize, int gpuLayers,
                                    HardwareInfo hw) {
        MemoryFit fit = assess(MemoryEstimate.of(model, contextSize, gpuLayers), hw);
        if (fit.verdict() == Verdict.DOES_NOT_FIT) {
            throw new IllegalArgumentException(model.name() + " does not fit this machine at a context of " + contextSize
                    + " tokens: " + fit.explanation() + "; choose a smaller model or quantisation, or a smaller context");
        }
        return fit;
    }

    /** Says when part of the need is llama.cpp's repacked copy of the weights, and for which CPU features. */
    private static String repacked(MemoryEstimate need) {
        return need.repackedBytes() == 0 ? "" : String.format(", of which %s is llama.cpp's copy of the %s weights it repacks "
                + "for %s", gib(need.repackedBytes()), WeightRepack.describe(need.cpu()), need.cpu().describe());
    }

    private static String gib(long bytes) {
        return String.format("%.1f GiB", bytes / (double) (1L << 30));
    }
}
