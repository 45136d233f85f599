package org.poq.miner.hardware;

import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The machine as OSHI sees it. GPU memory is often unknown (0) on Linux, where OSHI reads it from
 * the PCI resources; the fit estimate then says so rather than guessing.
 */
public record HardwareInfo(String cpu, int logicalCores, long totalRamBytes, long availableRamBytes, List<Gpu> gpus) {
    public record Gpu(String name, String vendor, long vramBytes) {
    }

    public HardwareInfo {
        gpus = List.copyOf(gpus);
    }

    public static HardwareInfo detect() {
        HardwareAbstractionLayer hw = new SystemInfo().getHardware();
        List<Gpu> gpus = hw.getGraphicsCards().stream()
                .map(g -> new Gpu(g.getName(), g.getVendor(), g.getVRam())).toList();
        return new HardwareInfo(hw.getProcessor().getProcessorIdentifier().getName().strip(),
                hw.getProcessor().getLogicalProcessorCount(), hw.getMemory().getTotal(), hw.getMemory().getAvailable(),
                gpus);
    }

    /** The largest known GPU memory, 0 when none is known. */
    public long largestVramBytes() {
        return gpus.stream().mapToLong(Gpu::vramBytes).max().orElse(0);
    }
}
