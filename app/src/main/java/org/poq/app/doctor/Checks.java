package org.poq.app.doctor;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.poq.app.demo.DemoModel;
import org.poq.app.service.Problems;
import org.poq.app.service.QualityScores;
import org.poq.core.AppPaths;
import org.poq.core.ByteSizes;
import org.poq.core.FileTrees;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.ExecutionDevice;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.ScorerOptions;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LlamaLibraries;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.hardware.CpuFeatures;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.WeightRepack;
import org.poq.network.devnet.AnvilBinary;
import oshi.hardware.CentralProcessor;

/** The checks of `poq doctor`, in the order they print. Each one really exercises what it names. */
public final class Checks {
    static final long GIB = 1024L * 1024 * 1024;
    /** Below this the database and the demo still fit, but no real model does. */
    static final long DISK_FAIL_BYTES = GIB;
    /** A 7-8B model quantised to 4 bits is 4-5 GB; keep room for one more and the database. */
    static final long DISK_WARN_BYTES = 8 * GIB;

    private Checks() {
    }

    public static List<Doctor.Check> all() {
        return List.of(
                check("Java", Checks::java),
                check("CPU", Checks::cpu),
                check("GPU", Checks::gpu),
                check("memory", Checks::memory),
                check("data folder", Checks::dataFolder),
                check("free disk", Checks::disk),
                check("SQLite", Checks::sqlite),
                check("llama.cpp", Checks::llama),
                check("ONNX Runtime", Checks::onnx),
                check("tokenizer", Checks::tokenizer),
                check("evaluator", Checks::evaluator),
                check("anvil node", Checks::anvil));
    }

    interface Body {
        CheckResult run(String name, DoctorContext ctx) throws Exception;
    }

    static Doctor.Check check(String name, Body body) {
        return new Doctor.Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run(DoctorContext ctx) throws Exception {
                return body.run(name, ctx);
            }
        };
    }

    static CheckResult java(String name, DoctorContext ctx) {
        Runtime.Version v = Runtime.version();
        String home = ctx.properties().getProperty("java.home");
        String detail = v + " (" + ctx.properties().getProperty("java.vendor", "?") + ") at " + home;
        if (v.feature() < 17) {
            return CheckResult.fail(name, detail, "PoQ needs Java 17 or later: install the package, which brings its own "
                    + "runtime, or a JDK 17+");
        }
        // the inference worker is started with this runtime's own launcher; a runtime linked with
        // --strip-native-commands has none
        Path launcher = Path.of(home, "bin", ctx.isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(launcher)) {
            return CheckResult.fail(name, detail + "; " + launcher + " is missing",
                    "the inference worker needs it: reinstall PoQ, or if you built the package yourself, "
                            + "link the runtime without --strip-native-commands (see installers/README.md)");
        }
        return CheckResult.ok(name, detail);
    }

    static CheckResult cpu(String name, DoctorContext ctx) throws IOException {
        String arch = ctx.arch().toLowerCase(Locale.ROOT);
        if (arch.contains("aarch64") || arch.contains("arm64")) {
            CpuFeatures arm = ctx.isLinux() && Files.isReadable(ctx.cpuinfo())
                    ? CpuFeatures.fromCpuinfo(true, Files.readString(ctx.cpuinfo(), StandardCharsets.UTF_8))
                    : CpuFeatures.current();
            return CheckResult.ok(name, "ARM64 (" + Runtime.getRuntime().availableProcessors()
                    + " threads): the arm64 llama.cpp build uses NEON, no AVX2 needed; " + repack(arm));
        }
        Set<String> flags;
        String model;
        if (ctx.isLinux() && Files.isReadable(ctx.cpuinfo())) {
            CpuInfo info = CpuInfo.parse(Files.readString(ctx.cpuinfo(), StandardCharsets.UTF_8));
            flags = info.flags();
            model = info.model();
        } else {
            CentralProcessor p = new oshi.SystemInfo().getHardware().getProcessor();
            model = p.getProcessorIdentifier().getName().strip();
            flags = CpuInfo.normalise(p.getFeatureFlags());
        }
        String detail = model + ", " + Runtime.getRuntime().availableProcessors() + " threads, "
                + CpuInfo.summary(flags) + "; " + repack(CpuFeatures.of(false, flags));
        if (!flags.contains("avx2")) {
            // llama.cpp ships one CPU build per CPU family and picks the best at run time (down to plain x86-64)
            return CheckResult.warn(name, detail + "; no AVX2",
                    "llama.cpp runs on this CPU with its SSE4.2 or plain x86-64 build, several times slower than with "
                            + "AVX2 (Intel Haswell 2013+, AMD Zen): mine on a newer CPU or a GPU for useful speed; "
                            + "the wallet and requester do not need it");
        }
        return CheckResult.ok(name, detail);
    }

    /**
     * Which weight types llama.cpp repacks into a second copy for this CPU's SIMD kernels (issue 26): the
     * memory fit counts that copy, and an operator choosing a quantisation should know it.
     */
    static String repack(CpuFeatures f) {
        String types = WeightRepack.describe(f);
        return types.isEmpty() ? "llama.cpp repacks no weights on this CPU"
                : "llama.cpp repacks " + types + " weights for " + f.describe()
                + " (a second copy in RAM, counted by the memory fit)";
    }

    static CheckResult gpu(String name, DoctorContext ctx) throws Exception {
        List<String> out = new ArrayList<>();
        Process p;
        try {
            p = new ProcessBuilder(ctx.nvidiaSmi(), "--query-gpu=name,memory.total,driver_version",
                    "--format=csv,noheader").redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return CheckResult.ok(name, "no NVIDIA GPU (nvidia-smi not found): inference and scoring run on the CPU");
        }
        try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            r.lines().limit(20).forEach(out::add);
        }
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return CheckResult.warn(name, "nvidia-smi did not answer in 15 s",
                    "the NVIDIA driver looks stuck: reboot or reinstall it; PoQ runs on the CPU meanwhile");
        }
        if (p.exitValue() != 0) {
            return CheckResult.warn(name, "nvidia-smi failed: " + String.join(" ", out).strip(),
                    "the NVIDIA driver is installed but not working (driver/kernel module mismatch after an update?): "
                            + "reboot or reinstall the driver; PoQ runs on the CPU meanwhile");
        }
        return CheckResult.ok(name, "NVIDIA " + String.join("; ", out).strip()
                + " (the bundled llama.cpp build is CPU-only; ONNX Runtime uses CUDA when its GPU build is installed)");
    }

    /** Through OSHI, which the miner's model-fit estimate uses: it also loads JNA's native library. */
    static CheckResult memory(String name, DoctorContext ctx) {
        HardwareInfo hw = HardwareInfo.detect();
        String detail = ByteSizes.format(hw.availableRamBytes()) + " available of " + ByteSizes.format(hw.totalRamBytes());
        if (hw.totalRamBytes() <= 0) {
            return CheckResult.fail(name, "the memory size could not be read",
                    "the system information library is broken: reinstall PoQ");
        }
        if (hw.availableRamBytes() < 2 * GIB) {
            return CheckResult.warn(name, detail, "a 1-3B model needs 1-3 GiB free: close other programs, or mine with a "
                    + "smaller model; the wallet and requester need little");
        }
        return CheckResult.ok(name, detail);
    }

    static CheckResult dataFolder(String name, DoctorContext ctx) {
        AppPaths paths = AppPaths.fromEnvironment();
        String origin = ctx.property("poq.home") != null ? " (-Dpoq.home)"
                : ctx.envVar("POQ_HOME") != null ? " (POQ_HOME)" : " (the platform's user data folder)";
        Path home;
        try {
            home = paths.home();
        } catch (UncheckedIOException e) {
            return CheckResult.fail(name, Problems.describe(e),
                    "set POQ_HOME to a folder you can write to, or fix the path" + origin
                            + " (a file in its place, or a parent folder without write permission)");
        }
        try {
            Path probe = Files.createTempFile(home, ".doctor", ".probe");
            Files.writeString(probe, "ok");
            Files.delete(probe);
        } catch (IOException e) {
            return CheckResult.fail(name, home + " is not writable: " + Problems.describe(e),
                    "give yourself write permission (chmod u+rwx '" + home + "') or set POQ_HOME to a writable folder");
        }
        String app = ctx.property("jpackage.app-path");
        if (app != null) {
            Path root = Path.of(app).toAbsolutePath().getParent();
            root = root == null ? null : root.getParent();
            if (root != null && home.startsWith(root)) {
                return CheckResult.warn(name, home + origin + " is inside the installation " + root,
                        "an update or uninstall would delete your wallet and models: set POQ_HOME to a folder outside "
                                + root);
            }
        }
        return CheckResult.ok(name, home + origin + ", writable");
    }

    static CheckResult disk(String name, DoctorContext ctx) throws IOException {
        Path p;
        try {
            p = AppPaths.fromEnvironment().home();
        } catch (UncheckedIOException e) {
            p = Path.of(ctx.properties().getProperty("user.home"));
        }
        FileStore store = Files.getFileStore(p);
        return judgeDisk(name, p, store.getUsableSpace());
    }

    public static CheckResult judgeDisk(String name, Path folder, long usable) {
        String detail = ByteSizes.format(usable) + " free for " + folder;
        String fix = "models take 0.5-5 GiB each: free some space, or set POQ_HOME to a folder on a larger disk";
        if (usable < DISK_FAIL_BYTES) {
            return CheckResult.fail(name, detail, fix);
        }
        if (usable < DISK_WARN_BYTES) {
            return CheckResult.warn(name, detail, fix);
        }
        return CheckResult.ok(name, detail);
    }

    static CheckResult sqlite(String name, DoctorContext ctx) throws Exception {
        NativeSource src = NativeSource.of(ctx, "org.sqlite.lib.path", System.mapLibraryName("sqlitejdbc"));
        Path dir = Files.createTempDirectory("poq-doctor-sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("check.db"));
             Statement s = c.createStatement()) {
            s.execute("create table t(x integer)");
            s.execute("insert into t values (42)");
            try (ResultSet rs = s.executeQuery("select x, sqlite_version() from t")) {
                rs.next();
                if (rs.getInt(1) != 42) {
                    return CheckResult.fail(name, "read back " + rs.getInt(1) + " instead of 42", "reinstall PoQ");
                }
                return withSource(name, "SQLite " + rs.getString(2) + " read and wrote a database", src);
            }
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    static CheckResult llama(String name, DoctorContext ctx) throws Exception {
        Optional<Path> libs = LlamaLibraries.find();
        if (libs.isEmpty()) {
            return CheckResult.fail(name, "llama.cpp's libraries were not found",
                    "reinstall PoQ (the package carries them in native/llama); from the source tree run `npm ci`");
        }
        Path tmp = Files.createTempDirectory("poq-doctor-llama");
        EngineConfig config = EngineConfig.defaults().withNativeLibraryDir(libs.get());
        try (InferenceEngine engine = new InferenceEngine(config)) {
            Path model = DemoModel.install(new AppPaths(tmp));
            LoadedModel m = engine.load(ModelSpec.of(model).withContextSize(256).withThreads(1));
            return CheckResult.ok(name, "loaded the demo model in a worker process in " + m.loadTime().toMillis()
                    + " ms; it runs on " + m.backend() + "; devices: " + engine.backends().orElse("?")
                    + "; libraries from " + libs.get());
        } catch (RuntimeException e) {
            String msg = Doctor.firstLine(e);
            return CheckResult.fail(name, msg, "run with POQ_DEBUG=1 for the worker's log; reinstall PoQ if a library "
                    + "is missing");
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    static CheckResult onnx(String name, DoctorContext ctx) {
        NativeSource src = NativeSource.of(ctx, "onnxruntime.native.path", System.mapLibraryName("onnxruntime4j_jni"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        return withSource(name, "ONNX Runtime " + env.getVersion() + " environment created", src);
    }

    static CheckResult tokenizer(String name, DoctorContext ctx) throws Exception {
        NativeSource src = NativeSource.ofFile(ctx, "RUST_LIBRARY_PATH");
        Path tmp = Files.createTempDirectory("poq-doctor-tok");
        try {
            EvaluatorPackage pkg = DefaultEvaluator.install(new AppPaths(tmp));
            try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(pkg.tokenizer())) {
                int n = t.encode("Proof of Quality doctor").getIds().length;
                if (n < 3) {
                    return CheckResult.fail(name, "encoded a 4-word text into " + n + " tokens", "reinstall PoQ");
                }
                return withSource(name, "HuggingFace tokenizer encoded a test text into " + n + " tokens", src);
            }
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    static CheckResult evaluator(String name, DoctorContext ctx) throws Exception {
        Path tmp = Files.createTempDirectory("poq-doctor-eval");
        try (Scorer s = Evaluators.openDefault(new AppPaths(tmp), ScorerOptions.defaults().withThreads(1)
                .withDevice(ExecutionDevice.CPU))) {
            var good = s.score("What is the capital of France?", "The capital of France is Paris.");
            var bad = s.score("What is the capital of France?", "Bananas are yellow.");
            if (good.compareTo(bad) <= 0) {
                return CheckResult.fail(name, "scored a right answer (" + QualityScores.format(good)
                        + ") no higher than a wrong one (" + QualityScores.format(bad) + ")",
                        "the bundled evaluator is damaged: reinstall PoQ");
            }
            return CheckResult.ok(name, s.evaluator().name() + " on " + s.execution().describe() + " ranks a right answer "
                    + "above a wrong one (" + QualityScores.format(good) + " > " + QualityScores.format(bad) + ")");
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    static CheckResult anvil(String name, DoctorContext ctx) throws Exception {
        for (String[] setting : new String[][] {{"POQ_ANVIL", ctx.envVar("POQ_ANVIL")},
                {"-Dpoq.anvil", ctx.property("poq.anvil")}}) {
            if (setting[1] != null && !Files.isExecutable(Path.of(setting[1]))) {
                return CheckResult.fail(name, setting[0] + "=" + setting[1]
                                + (Files.exists(Path.of(setting[1])) ? " is not executable" : " does not exist"),
                        "point " + setting[0] + " at the anvil binary (in the repository: node_modules/@foundry-rs/"
                                + "anvil-<os>-<arch>/bin/anvil; installed: <install folder>/lib/app/anvil/anvil), or unset it");
            }
        }
        var found = AnvilBinary.find();
        if (found.isEmpty()) {
            return CheckResult.fail(name, "the anvil node binary was not found",
                    "the local chain (poq devnet, poq demo) needs it: reinstall PoQ, run `npm ci` in the repository, "
                            + "or set POQ_ANVIL to the binary's path");
        }
        Process p = new ProcessBuilder(found.get().toString(), "--version").redirectErrorStream(true).start();
        String out;
        try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            out = r.lines().findFirst().orElse("").strip();
        }
        if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
            p.destroyForcibly();
            return CheckResult.fail(name, found.get() + " --version failed: " + out,
                    "the binary is damaged or for another platform: reinstall PoQ or `npm ci`");
        }
        return CheckResult.ok(name, out + " at " + found.get());
    }

    private static CheckResult withSource(String name, String detail, NativeSource src) {
        if (src.problem() != null) {
            return CheckResult.warn(name, detail + ", native " + src.describe(),
                    "the package's native folder is incomplete: reinstall PoQ");
        }
        return CheckResult.ok(name, detail + ", native " + src.describe());
    }
}
