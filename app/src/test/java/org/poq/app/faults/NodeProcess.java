package org.poq.app.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One `poq node` in an OS process of its own, with its own data folder; killed with SIGKILL like a
 * crash. /proc tells what it holds: resident memory and open files of the JVM and of its worker
 * processes (the miner's llama.cpp worker).
 */
public final class NodeProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path home;
    private final Path log;
    private Process process;

    public NodeProcess(String name, Path root, List<String> args) throws IOException {
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

    public NodeProcess start() throws IOException {
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

    public String name() {
        return name;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Whether the node has loaded its model and follows the chain ("node running" in its log). */
    public boolean running() {
        return alive() && log().contains("node running");
    }

    /** Resident memory of the node and its worker processes, in KiB (0 when it is not running). */
    public long residentKb() {
        return processes().mapToLong(NodeProcess::rssKb).sum();
    }

    /** Open file descriptors of the node and its worker processes (sockets and pipes included). */
    public int openFiles() {
        return processes().mapToInt(NodeProcess::fdCount).sum();
    }

    private java.util.stream.Stream<ProcessHandle> processes() {
        if (!alive()) {
            return java.util.stream.Stream.empty();
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.toHandle().descendants());
    }

    private static long rssKb(ProcessHandle p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading
        }
        return 0;
    }

    private static int fdCount(ProcessHandle p) {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return 0;
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
