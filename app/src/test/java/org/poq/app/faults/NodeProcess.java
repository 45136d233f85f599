package org.poq.app.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One `poq node` in an OS process of its own, with its own data folder; killed with SIGKILL like a crash. */
final class NodeProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path home;
    private final Path log;
    private Process process;

    NodeProcess(String name, Path root, List<String> args) throws IOException {
        this.name = name;
        this.home = Files.createDirectories(root.resolve(name));
        this.log = home.resolve("node.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        // ONNX Runtime 1.29 crashes at start when the process's command line is longer than about 4 KB:
        // the long class path goes into an argument file
        Path argFile = home.resolve("java.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        command = new ArrayList<>(List.of(java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
                "-Dpoq.repo.root=" + System.getProperty("poq.repo.root", ""),
                "@" + argFile, "org.poq.app.Main", "node"));
        command.addAll(args);
    }

    NodeProcess start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("POQ_HOME", home.toString());
        pb.environment().put("DJL_OFFLINE", "true");
        process = pb.start();
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already on disk. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
