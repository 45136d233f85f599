package org.poq.miner.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM: started with the same java and class path, spoken to over its stdin and stdout.
 * Its stderr (llama.cpp's log) is kept in a bounded tail so failures can quote it. Every message from
 * the worker lands in one queue; an end-of-stream becomes an {@code exit} message so the reader of
 * the queue learns of a crash the same way it learns of anything else.
 */
final class WorkerProcess implements AutoCloseable {
    /**
     * The worker JVM's main class, named rather than referenced: the engine and its worker meet only at
     * the process boundary, over {@link WorkerMessage}, so the engine's package does not depend on the
     * worker's (which depends on it, for the messages and the errors). WorkerEntryTest keeps the name true.
     */
    static final String WORKER_MAIN = "org.poq.miner.engine.worker.InferenceWorker";

    private static final int STDERR_TAIL_LINES = 80;

    /** The variable that keeps ggml from running a debugger on an abort (ggml.c, ggml_print_backtrace). */
    static final String NO_BACKTRACE = "GGML_NO_BACKTRACE";
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<WorkerMessage> messages = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    /** Lines read from stderr so far, and how many had been read when the current job began. */
    private long linesLogged;
    private long jobMark;
    private Thread stderrReader;
    private volatile Duration startupTime;
    private volatile String backends = "";

    private WorkerProcess(Process process, Duration startupTime) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.startupTime = startupTime;
    }

    static WorkerProcess start(EngineConfig config) {
        List<String> command = new ArrayList<>();
        command.add(config.javaCommand().toString());
        command.add("-Xmx" + config.workerHeapMb() + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("--enable-native-access=ALL-UNNAMED");
        config.nativeLibraryDir().ifPresent(dir -> command.add("-D" + LlamaLibraries.PROPERTY + "=" + dir.toAbsolutePath()));
        // a JVM crash report goes to the app's log folder, never the user's current folder
        config.crashReportDir().ifPresent(dir -> command.add("-XX:ErrorFile=" + dir.toAbsolutePath()
                .resolve("hs_err_worker_pid%p.log")));
        for (String passed : new String[] {LlamaLibraries.GPU_PROPERTY, "jna.boot.library.path", "jna.nounpack",
                "poq.repo.root"}) {
            String value = System.getProperty(passed);
            if (value != null) {
                command.add("-D" + passed + "=" + value);
            }
        }
        if (config.debugFaults()) {
            command.add("-D" + WorkerMessage.DEBUG_FAULTS_PROPERTY + "=true");
        }
        command.add("-cp");
        command.add(config.classPath());
        command.add(WORKER_MAIN);
        long t0 = System.nanoTime();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // ggml's abort handler would otherwise attach gdb (or lldb) where one is installed, and the crash
            // note would quote the debugger's backtrace instead of ggml's own GGML_ASSERT line
            builder.environment().put(NO_BACKTRACE, "1");
            process = builder.start();
        } catch (IOException e) {
            throw new EngineException("cannot start the inference worker (" + config.javaCommand() + "): "
                    + e.getMessage(), e);
        }
        WorkerProcess worker = new WorkerProcess(process, Duration.ZERO);
        worker.pump();
        WorkerMessage first;
        try {
            first = worker.messages.poll(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.close();
            throw new EngineException("interrupted while starting the inference worker");
        }
        if (!(first instanceof WorkerMessage.Ready ready)) {
            if (first instanceof WorkerMessage.Exit) {
                // stdout ended first; the process's last words (the JVM's "could not find or load main
                // class", a native loader's error) may still be in the stderr pipe: read them to the end
                worker.awaitStderrEnd(Duration.ofSeconds(2));
            }
            String tail = worker.stderrTail();
            worker.close();
            if (first instanceof WorkerMessage.Error error) {
                throw new EngineException("the inference worker could not start llama.cpp: " + error.message());
            }
            throw new EngineException("the inference worker did not start" + (first == null ? " in time" : "")
                    + (tail.isEmpty() ? "" : ":\n" + tail));
        }
        worker.backends = ready.backends();
        worker.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        return worker;
    }

    private void pump() {
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String l = line;
                    WorkerMessage.decode(l, true).ifPresentOrElse(messages::add, () -> log(l));
                }
            } catch (IOException ignored) {
                // the pipe breaks when the process dies; the exit message below says so
            }
            messages.add(new WorkerMessage.Exit());
        }, "poq-worker-stdout");
        stderrReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log(line);
                }
            } catch (IOException ignored) {
                // as above
            }
        }, "poq-worker-stderr");
        out.setDaemon(true);
        stderrReader.setDaemon(true);
        out.start();
        stderrReader.start();
    }

    private void log(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
            linesLogged++;
        }
    }

    /** Marks the start of a job: a crash note quotes only what the worker wrote after it (issue 26). */
    void markJob() {
        synchronized (stderrTail) {
            jobMark = linesLogged;
        }
    }

    /**
     * What the worker wrote since the job began, read to the end of the stream once it died (at most
     * {@code drain}): the lines of the model's load or of earlier jobs are not the cause of this crash,
     * and a note read before the reader caught up quoted them instead of the last, telling ones.
     */
    String stderrOfJob(Duration drain) {
        awaitStderrEnd(drain);
        synchronized (stderrTail) {
            int own = (int) Math.min(stderrTail.size(), linesLogged - jobMark);
            return String.join("\n", new ArrayList<>(stderrTail).subList(stderrTail.size() - own, stderrTail.size()));
        }
    }

    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** Waits (at most {@code timeout}) until the stderr reader has read to the end of the stream. */
    private void awaitStderrEnd(Duration timeout) {
        try {
            stderrReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the stderr reader has read the line, so everything written before it is in the tail. */
    void awaitStderr(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (stderrTail) {
                if (stderrTail.contains(line)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }

    /** The next message, or null after the timeout. */
    WorkerMessage next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The devices the worker's llama.cpp found, and GPU libraries that failed to load. */
    String backends() {
        return backends;
    }

    synchronized void send(WorkerMessage request) {
        try {
            stdin.write((WorkerMessage.encode(request) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // a dead worker: the reader reports the exit, which is where the caller learns of it
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Duration startupTime() {
        return startupTime;
    }

    Integer exitCode(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Ends the process for certain: a polite shutdown first, then a kill. */
    @Override
    public void close() {
        try {
            closeProcess();
        } finally {
            if (!process.isAlive()) {
                lastExitCode = process.exitValue();
            }
        }
    }

    /** The exit code of the last worker closed in this JVM; tests check that a stop is clean (0, not 134/139). */
    static volatile Integer lastExitCode;

    private void closeProcess() {
        if (process.isAlive()) {
            send(new WorkerMessage.Shutdown());
            try {
                // the worker aborts a running decode and frees the model before it exits
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
