package org.poq.miner.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * GPUs that can hold layers: NVIDIA's from nvidia-smi (OSHI often reads 0 MB on Linux), Apple
     * silicon's unified memory, else OSHI's cards whose memory it could read; a display adapter of
     * unknown memory (a server's VGA) is not counted, so the fit says "no GPU" instead of guessing.
     */
    public static HardwareInfo detect() {
        HardwareAbstractionLayer hw = new SystemInfo().getHardware();
        List<Gpu> gpus = nvidiaSmi();
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (gpus.isEmpty() && os.startsWith("Mac") && (arch.equals("aarch64") || arch.equals("arm64"))) {
            gpus = List.of(new Gpu("Apple silicon GPU (unified memory)", "Apple", hw.getMemory().getTotal()));
        }
        if (gpus.isEmpty()) {
            gpus = hw.getGraphicsCards().stream().filter(g -> g.getVRam() > 0)
                    .map(g -> new Gpu(g.getName(), g.getVendor(), g.getVRam())).toList();
        }
        return new HardwareInfo(hw.getProcessor().getProcessorIdentifier().getName().strip(),
                hw.getProcessor().getLogicalProcessorCount(), hw.getMemory().getTotal(), hw.getMemory().getAvailable(),
                gpus);
    }

    /** NVIDIA GPUs and their memory from nvidia-smi; empty without the tool or a GPU. */
    static List<Gpu> nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader,nounits")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return parseNvidiaSmi(out);
        } catch (IOException e) {
            return List.of(); // no nvidia-smi: no NVIDIA driver
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static List<Gpu> parseNvidiaSmi(String out) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : out.split("\n")) {
            int comma = line.lastIndexOf(',');
            if (comma > 0) {
                try {
                    long mib = Long.parseLong(line.substring(comma + 1).strip());
                    gpus.add(new Gpu(line.substring(0, comma).strip(), "NVIDIA", mib << 20));
                } catch (NumberFormatException ignored) {
                    // a line that is not a GPU ("No devices were found")
                }
            }
        }
        return gpus;
    }

    /** The largest known GPU memory, 0 when none is known. */
    public long largestVramBytes() {
        return gpus.stream().mapToLong(Gpu::vramBytes).max().orElse(0);
    }
}
