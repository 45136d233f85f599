package org.poq.app.doctor;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the checks read from the outside world, gathered in one place so tests can point a check at
 * a broken setting (a missing anvil, a data folder that cannot be created) without touching the
 * real environment.
 */
public record DoctorContext(Map<String, String> env, Properties properties, Path cpuinfo, String nvidiaSmi) {
    public static DoctorContext current() {
        return new DoctorContext(System.getenv(), System.getProperties(), Path.of("/proc/cpuinfo"), "nvidia-smi");
    }

    public String property(String key) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? null : v;
    }

    public String envVar(String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    public String osName() {
        return properties.getProperty("os.name", "");
    }

    public boolean isLinux() {
        return osName().toLowerCase(Locale.ROOT).contains("linux");
    }

    public boolean isWindows() {
        return osName().toLowerCase(Locale.ROOT).contains("win");
    }

    public String arch() {
        return properties.getProperty("os.arch", "");
    }
}
