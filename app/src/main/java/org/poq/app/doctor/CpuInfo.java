package org.poq.app.doctor;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The CPU model and feature flags, from Linux's /proc/cpuinfo or OSHI's flag names elsewhere. */
record CpuInfo(String model, Set<String> flags) {
    private static final List<String> SHOWN = List.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512_vnni", "avx_vnni");

    static CpuInfo parse(String cpuinfo) {
        String model = "unknown CPU";
        Set<String> flags = new TreeSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("model name") && model.equals("unknown CPU")) {
                model = value;
            } else if (key.equals("flags") && flags.isEmpty()) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        return new CpuInfo(model, flags);
    }

    /**
     * OSHI gives Windows' PF_AVX2_INSTRUCTIONS_AVAILABLE and macOS' sysctl lines such as
     * "machdep.cpu.leaf7_features: ... AVX2 ..."; both come down to lower-case words.
     */
    static Set<String> normalise(Collection<String> oshiFlags) {
        Set<String> out = new TreeSet<>();
        for (String f : oshiFlags) {
            for (String word : f.toLowerCase(Locale.ROOT).split("[\\s:]+")) {
                out.add(word.replaceFirst("^pf_", "").replaceFirst("_instructions_available$", ""));
            }
        }
        return out;
    }

    static String summary(Set<String> flags) {
        List<String> have = SHOWN.stream().filter(flags::contains).toList();
        return have.isEmpty() ? "no AVX" : String.join(" ", have);
    }
}
