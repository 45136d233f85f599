package org.poq.miner.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU features that decide how llama.cpp lays out weights in memory (issue 26, memory fit). The
 * engine ships one llama.cpp CPU build per CPU family (haswell for AVX2, skylakex and later for
 * AVX-512, ...) and loads the best one this CPU runs, so the CPU's own flags say which build, and
 * so which repacking, runs here. Read from Linux's /proc/cpuinfo; elsewhere from the architecture:
 * an x86-64 machine is taken to have AVX2 and an ARM64 one the dot-product instructions (every Apple
 * silicon chip has them), which counts the repacked copy rather than misses it.
 */
public record CpuFeatures(boolean arm, boolean avx2, boolean avx512, boolean dotprod, boolean int8Matmul) {
    public static final CpuFeatures NONE = new CpuFeatures(false, false, false, false, false);
    private static volatile CpuFeatures current;

    /** This machine's features, read once. */
    public static CpuFeatures current() {
        CpuFeatures c = current;
        if (c == null) {
            c = detect(System.getProperty("os.arch", ""), Path.of("/proc/cpuinfo"));
            current = c;
        }
        return c;
    }

    static CpuFeatures detect(String osArch, Path cpuinfo) {
        String a = osArch.toLowerCase(Locale.ROOT);
        boolean arm = a.contains("aarch64") || a.contains("arm64");
        if (Files.isReadable(cpuinfo)) {
            try {
                return fromCpuinfo(arm, Files.readString(cpuinfo, StandardCharsets.UTF_8));
            } catch (IOException e) {
                // fall through to the architecture's usual features
            }
        }
        return arm ? new CpuFeatures(true, false, false, true, false) : new CpuFeatures(false, true, false, false, false);
    }

    /** From the first "flags" (x86) or "Features" (ARM) line of /proc/cpuinfo. */
    public static CpuFeatures fromCpuinfo(boolean arm, String cpuinfo) {
        Set<String> flags = new TreeSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : line.substring(0, colon).strip();
            if ((key.equals("flags") || key.equals("Features")) && flags.isEmpty()) {
                flags.addAll(Arrays.asList(line.substring(colon + 1).strip().split("\\s+")));
            }
        }
        return of(arm, flags);
    }

    /** From a set of lower-case flag names as Linux writes them. */
    public static CpuFeatures of(boolean arm, Set<String> flags) {
        // the AVX-512 builds (skylakex and later) need the foundation, byte/word, vector-length and dword/qword sets
        boolean avx512 = flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
        return new CpuFeatures(arm, !arm && flags.contains("avx2"), !arm && avx512, arm && flags.contains("asimddp"),
                arm && flags.contains("i8mm"));
    }

    /** The features that change the weights' layout, as a person reads them ("AVX2, AVX-512"); "none" without. */
    public String describe() {
        List<String> out = new ArrayList<>();
        if (avx2) {
            out.add("AVX2");
        }
        if (avx512) {
            out.add("AVX-512");
        }
        if (dotprod) {
            out.add("ARM dot product");
        }
        if (int8Matmul) {
            out.add("ARM int8 matrix multiply");
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }
}
