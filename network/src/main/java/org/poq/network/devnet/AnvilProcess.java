package org.poq.network.devnet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.poq.core.FileTrees;

/** A running anvil node on 127.0.0.1, started from the npm package's platform binary. */
public final class AnvilProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path statesCache;

    private AnvilProcess(Process process, int port, Path statesCache) {
        this.process = process;
        this.port = port;
        this.statesCache = statesCache;
    }

    public static AnvilProcess start(AnvilOptions options) {
        return start(AnvilBinary.locate(), options);
    }

    public static AnvilProcess start(Path binary, AnvilOptions options) {
        int port = options.port() == 0 ? freePort() : options.port();
        Path cache = statesCacheFor(options);
        List<String> args = new ArrayList<>(options.arguments(binary, port));
        args.addAll(List.of("--cache-path", cache.toString()));
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.redirectErrorStream(true);
        if (options.logFile() != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p;
        try {
            if (options.stateFile() != null && options.stateFile().getParent() != null) {
                Files.createDirectories(options.stateFile().getParent());
            }
            p = pb.start();
        } catch (IOException e) {
            throw new DevnetException("cannot start anvil (" + binary + "): " + e.getMessage(), e);
        }
        AnvilProcess anvil = new AnvilProcess(p, port, cache);
        anvil.awaitReady();
        return anvil;
    }

    /**
     * Where anvil writes the past states it pushes out of memory: a JSON file per block, about 0.2 MB
     * each on an empty chain, which anvil never deletes (not even on a clean stop). Left in its default
     * place (~/.foundry/anvil/tmp) they filled 70 GB of disk in two hours of tests and soaks. So each
     * node gets its own folder, emptied at start and removed when the node stops: beside the state
     * file for a devnet that keeps its chain (the state file, not this folder, is what survives), else
     * a new temporary folder.
     */
    static Path statesCacheFor(AnvilOptions options) {
        try {
            if (options.stateFile() != null) {
                Path cache = statesCacheBeside(options.stateFile());
                FileTrees.deleteQuietly(cache); // left by a node that was killed
                return Files.createDirectories(cache);
            }
            return Files.createTempDirectory("poq-anvil-states-");
        } catch (IOException e) {
            throw new DevnetException("cannot create a folder for anvil's past states: " + e.getMessage(), e);
        }
    }

    /** The past-states folder of a node whose chain is kept in {@code stateFile}. */
    public static Path statesCacheBeside(Path stateFile) {
        return stateFile.toAbsolutePath().resolveSibling("anvil-states");
    }

    /** The folder where this node keeps past states (removed when it stops). */
    public Path statesCache() {
        return statesCache;
    }

    /** Waits until the node answers JSON-RPC, or fails with the reason (exit, port taken, time-out). */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                FileTrees.deleteQuietly(statesCache);
                throw new DevnetException("anvil exited at start with code " + process.exitValue()
                        + " (is port " + port + " taken, or the state file unreadable?)");
            }
            if (answers(rpcUrl())) {
                return;
            }
            sleep(25);
        }
        process.destroyForcibly();
        FileTrees.deleteQuietly(statesCache);
        throw new DevnetException("anvil did not answer on " + rpcUrl() + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** True when a JSON-RPC node answers eth_chainId at the URL. */
    public static boolean answers(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                    .build();
            HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 && res.body().contains("result");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new DevnetException("no free local port: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the node gracefully (SIGTERM: anvil writes its state file), then forcibly after 5 s. */
    @Override
    public void close() {
        stop(process.toHandle());
        FileTrees.deleteQuietly(statesCache);
    }

    /** Kills the node at once (SIGKILL), as a crash would; for fault tests. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileTrees.deleteQuietly(statesCache);
    }

    static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while waiting for anvil", e);
        }
    }
}
