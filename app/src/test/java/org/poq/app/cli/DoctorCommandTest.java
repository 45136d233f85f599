package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.doctor.CheckResult;
import org.poq.app.doctor.Doctor;
import org.poq.app.doctor.DoctorContext;
import org.poq.app.doctor.Checks;

/** `poq doctor` in-process: the real native libraries, a real anvil, and settings broken on purpose. */
class DoctorCommandTest {
    static final List<String> CHECKS = List.of("Java", "CPU", "GPU", "memory", "data folder", "free disk", "SQLite", "llama.cpp",
            "ONNX Runtime", "tokenizer", "evaluator", "anvil node");

    @TempDir
    Path tmp;

    @BeforeEach
    void useTempHome() {
        System.setProperty("poq.home", tmp.resolve("home").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("poq.home");
        System.clearProperty("poq.anvil");
    }

    @Test
    void aHealthyMachinePassesEveryCheckAndExitsZero() {
        CliRun run = CliRun.of("doctor");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        for (String check : CHECKS) {
            assertThat(line(run.out(), check)).as(run.out()).doesNotStartWith("FAIL");
        }
        assertThat(line(run.out(), "llama.cpp")).startsWith("OK").contains("loaded the demo model in a worker process");
        assertThat(line(run.out(), "SQLite")).startsWith("OK").contains("read and wrote a database");
        assertThat(line(run.out(), "ONNX Runtime")).startsWith("OK").contains("1.29");
        assertThat(line(run.out(), "tokenizer")).startsWith("OK").contains("tokens");
        assertThat(line(run.out(), "evaluator")).startsWith("OK").contains("ranks a right answer above a wrong one");
        assertThat(line(run.out(), "anvil node")).startsWith("OK").contains("anvil");
        assertThat(line(run.out(), "data folder")).startsWith("OK").contains(tmp.resolve("home").toString());
        assertThat(run.out()).contains("12 checks:").contains("0 failed");
    }

    @Test
    void brokenSettingsFailWithTheirFixAndExitOne() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("home-is-a-file"), "x");
        System.setProperty("poq.home", notAFolder.toString());
        System.setProperty("poq.anvil", tmp.resolve("no-such-anvil").toString());

        CliRun run = CliRun.of("doctor");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(line(run.out(), "anvil node")).startsWith("FAIL").contains("no-such-anvil does not exist");
        assertThat(fix(run.out(), "anvil node")).contains("point -Dpoq.anvil at the anvil binary");
        assertThat(line(run.out(), "data folder")).startsWith("FAIL").contains("home-is-a-file");
        assertThat(fix(run.out(), "data folder")).contains("set POQ_HOME to a folder you can write to");
        // a broken setting is reported where it is, and does not drag the native checks down with it
        assertThat(line(run.out(), "llama.cpp")).startsWith("OK");
        assertThat(run.out()).contains("2 failed");
    }

    @Test
    void aCpuWithoutAvx2WarnsThatLlamaCppRunsSlower() throws Exception {
        Path cpuinfo = Files.writeString(tmp.resolve("cpuinfo"),
                "processor\t: 0\nmodel name\t: Old Xeon\nflags\t\t: fpu sse sse2 avx\n\nprocessor\t: 1\n");
        CheckResult r = only("CPU", context(cpuinfo, "nvidia-smi", "amd64"));
        assertThat(r.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(r.detail()).contains("Old Xeon").contains("no AVX2");
        assertThat(r.fix()).contains("SSE4.2").contains("slower");

        Path good = Files.writeString(tmp.resolve("cpuinfo2"), "model name\t: New\nflags\t\t: avx avx2 fma\n");
        assertThat(only("CPU", context(good, "nvidia-smi", "amd64")).status()).isEqualTo(CheckResult.Status.OK);
        assertThat(only("CPU", context(cpuinfo, "nvidia-smi", "aarch64")).status()).isEqualTo(CheckResult.Status.OK);
    }

    /** Issue 26: the CPU line names the weight types llama.cpp repacks into a second copy on this CPU. */
    @Test
    void theCpuLineNamesTheWeightsLlamaCppRepacksHere() throws Exception {
        Path avx2 = Files.writeString(tmp.resolve("cpuinfo-avx2"), "model name\t: New\nflags\t\t: avx avx2 fma\n");
        assertThat(only("CPU", context(avx2, "nvidia-smi", "amd64")).detail())
                .contains("llama.cpp repacks Q4_0, Q4_K, IQ4_NL, MXFP4 weights for AVX2 (a second copy in RAM, counted by the memory fit)");
        Path avx512 = Files.writeString(tmp.resolve("cpuinfo-avx512"),
                "model name\t: Newer\nflags\t\t: avx avx2 avx512f avx512bw avx512vl avx512dq\n");
        assertThat(only("CPU", context(avx512, "nvidia-smi", "amd64")).detail()).contains("Q2_K").contains("for AVX2, AVX-512");
        Path old = Files.writeString(tmp.resolve("cpuinfo-old"), "model name\t: Old\nflags\t\t: sse sse2 avx\n");
        assertThat(only("CPU", context(old, "nvidia-smi", "amd64")).detail()).contains("llama.cpp repacks no weights on this CPU");
        Path arm = Files.writeString(tmp.resolve("cpuinfo-arm"), "processor\t: 0\nFeatures\t: fp asimd asimddp\n");
        assertThat(only("CPU", context(arm, "nvidia-smi", "aarch64")).detail()).contains("Q6_K").contains("ARM dot product");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aBrokenNvidiaDriverWarnsAndNoDriverIsFine() throws Exception {
        Path smi = tmp.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'\n"
                + "exit 9\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        CheckResult broken = only("GPU", context(Path.of("/proc/cpuinfo"), smi.toString(), "amd64"));
        assertThat(broken.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(broken.detail()).contains("could not communicate");
        assertThat(broken.fix()).contains("reinstall the driver");

        CheckResult none = only("GPU", context(Path.of("/proc/cpuinfo"), tmp.resolve("absent").toString(), "amd64"));
        assertThat(none.status()).isEqualTo(CheckResult.Status.OK);
        assertThat(none.detail()).contains("run on the CPU");
    }

    @Test
    void diskThresholds() {
        long gib = 1024L * 1024 * 1024;
        assertThat(Checks.judgeDisk("free disk", tmp, gib / 2).status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(Checks.judgeDisk("free disk", tmp, 3 * gib).status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(Checks.judgeDisk("free disk", tmp, 3 * gib).fix()).contains("POQ_HOME");
        assertThat(Checks.judgeDisk("free disk", tmp, 50 * gib).status()).isEqualTo(CheckResult.Status.OK);
    }

    @Test
    void aPackagedNativeFolderThatLacksTheLibraryWarns() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("native"));
        Properties p = new Properties();
        p.putAll(System.getProperties());
        p.setProperty("org.sqlite.lib.path", empty.toString());
        CheckResult r = only("SQLite", new DoctorContext(Map.of(), p, Path.of("/proc/cpuinfo"), "nvidia-smi"));
        assertThat(r.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(r.detail()).contains("has no " + System.mapLibraryName("sqlitejdbc"));
        assertThat(r.fix()).contains("reinstall");
    }

    private static DoctorContext context(Path cpuinfo, String nvidiaSmi, String arch) {
        Properties p = new Properties();
        p.putAll(System.getProperties());
        p.setProperty("os.arch", arch);
        p.setProperty("os.name", "Linux");
        return new DoctorContext(Map.of(), p, cpuinfo, nvidiaSmi);
    }

    private static CheckResult only(String name, DoctorContext ctx) {
        var checks = Checks.all().stream().filter(c -> c.name().equals(name)).toList();
        assertThat(checks).hasSize(1);
        return new Doctor(checks).run(ctx, r -> { }).get(0);
    }

    /** The status line of a check, without its padding: "OK    Java   17..." becomes "OK Java 17...". */
    private static String line(String out, String check) {
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.length() > 6 && l.substring(6).startsWith(check + " "))
                .findFirst().map(String::strip).orElseThrow(() -> new AssertionError("no line for " + check + " in\n" + out));
    }

    private static String fix(String out, String check) {
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].length() > 6 && lines[i].substring(6).startsWith(check + " ")) {
                return lines[i + 1].strip();
            }
        }
        throw new AssertionError("no fix for " + check + " in\n" + out);
    }
}
