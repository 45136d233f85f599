package org.poq.miner.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-issue-13 engine (de.kherud:llama 4.2.0, llama.cpp b4916) in its own JVM, built from
 * miner/bench/old-engine and spoken to over that project's line protocol (OldEngineServer). Times are
 * taken here, on arrival of its lines, the way the new engine's are taken on arrival of its worker's.
 */
final class OldEngineProcess implements AutoCloseable {
    // the binding's embedded server prints its own timings of each generation on stderr
    private static final Pattern TIMING = Pattern.compile("^\\s*(prompt eval|eval) time =\\s*([0-9.]+) ms /\\s*([0-9]+) tokens");

    /** One generation, timed in this process: nanoTime at request, first token, done. */
    record Timed(long sent, long firstToken, long done, int generated, ServerTimings server) {
    }

    /** The binding's server's own figures (prompt decode; generation from first token to last, sampling included). */
    record ServerTimings(double promptMs, int promptTokens, double evalMs, int evalTokens) {
    }

    private final Process process;
    private final PrintStream in;
    private final BufferedReader out;
    private final BlockingQueue<ServerTimings> timings = new LinkedBlockingQueue<>();
    private final long startupNanos;
    private final long pid;

    private OldEngineProcess(List<String> command) throws IOException {
        long t0 = System.nanoTime();
        process = new ProcessBuilder(command).start();
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread err = new Thread(this::readStderr, "old-engine-stderr");
        err.setDaemon(true);
        err.start();
        String ready = expect("ready");
        startupNanos = System.nanoTime() - t0;
        pid = Long.parseLong(ready.substring("ready ".length()));
    }

    /**
     * Starts the old engine's JVM with the flags the old worker had (heap, serial GC, class sharing).
     *
     * @param natives the folder holding the jar's own libjllama.so, unpacked once, as the old app did
     *                (LlamaNativeCache); null lets the binding unpack it to the temp folder itself
     */
    static OldEngineProcess start(Path java, int heapMb, String classPath, Path natives) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx" + heapMb + "m", "-XX:+UseSerialGC",
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED"));
        if (natives != null) {
            cmd.add("-Dde.kherud.llama.lib.path=" + natives.toAbsolutePath());
        }
        cmd.addAll(List.of("-cp", classPath, "org.poq.bench.oldengine.OldEngineServer"));
        return new OldEngineProcess(cmd);
    }

    long pid() {
        return pid;
    }

    long startupNanos() {
        return startupNanos;
    }

    /** Loads the model (and completes one token, as the old worker did); returns the process's own load nanos. */
    long load(Path model, int contextSize, int threads) throws IOException {
        in.println(String.format(Locale.ROOT, "load %d %d %s", contextSize, threads, model.toAbsolutePath()));
        return Long.parseLong(expect("loaded").substring("loaded ".length()));
    }

    /** The binding's own token count of the text (its encode adds no BOS). */
    int tokens(String text) throws IOException {
        in.println("tokens " + text);
        return Integer.parseInt(expect("tokens").substring("tokens ".length()));
    }

    Timed generate(String prompt, int maxTokens, float temperature, float topP, int seed) throws IOException {
        timings.clear();
        long sent = System.nanoTime();
        in.println(String.format(Locale.ROOT, "gen %d %s %s %d %s", maxTokens, temperature, topP, seed, prompt));
        long first = 0;
        while (true) {
            String line = next();
            if (line.equals("tok")) {
                if (first == 0) {
                    first = System.nanoTime();
                }
            } else if (line.startsWith("done ")) {
                long done = System.nanoTime();
                ServerTimings server;
                try {
                    server = timings.poll(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    server = null;
                }
                return new Timed(sent, first, done, Integer.parseInt(line.substring(5)), server);
            } else {
                throw new IOException("old engine: " + line);
            }
        }
    }

    private String expect(String prefix) throws IOException {
        String line = next();
        if (!line.startsWith(prefix)) {
            throw new IOException("old engine: expected " + prefix + ", got: " + line);
        }
        return line;
    }

    private String next() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the old engine's process ended (exit " + waitExit() + ")");
        }
        return line;
    }

    private int waitExit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void readStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            double promptMs = -1;
            int promptTokens = -1;
            String line;
            while ((line = err.readLine()) != null) {
                Matcher m = TIMING.matcher(line);
                if (!m.find()) {
                    continue;
                }
                if (m.group(1).equals("prompt eval")) {
                    promptMs = Double.parseDouble(m.group(2));
                    promptTokens = Integer.parseInt(m.group(3));
                } else {
                    timings.add(new ServerTimings(promptMs, promptTokens, Double.parseDouble(m.group(2)),
                            Integer.parseInt(m.group(3))));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() {
        in.println("quit");
        in.close();
        if (waitExit() == -1) {
            process.destroyForcibly();
        }
    }
}
