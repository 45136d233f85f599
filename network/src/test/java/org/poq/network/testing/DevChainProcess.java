package org.poq.network.testing;

import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.poq.network.devnet.AnvilOptions;

/**
 * An EVM node that nobody here wrote, started from the repository's npm packages on 127.0.0.1: Hardhat
 * 2.29's `hardhat node` or Ganache 7.9 (package.json's devDependencies), with anvil's test mnemonic and
 * {@link ProtocolFixture#ACCOUNTS} accounts, and either instant mining or a block every {@code blockSeconds}.
 * The chain-implementation tests run the protocol and the wallet on them (docs/chains.md).
 */
public final class DevChainProcess implements AutoCloseable {
    public enum Kind { HARDHAT, GANACHE }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Kind kind;
    private final Process process;
    private final int port;
    private final long chainId;
    private final String hardfork;
    private final Path log;

    private DevChainProcess(Kind kind, Process process, int port, long chainId, String hardfork, Path log) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.chainId = chainId;
        this.hardfork = hardfork;
        this.log = log;
    }

    /** `hardhat node` (Hardhat 2.29) with the hardfork given, such as "osaka" (its default) or "shanghai". */
    public static DevChainProcess hardhat(long chainId, int blockSeconds, String hardfork) {
        Path root = repoRoot();
        int port = freePort();
        List<String> cmd = List.of("node", root.resolve("node_modules/hardhat/internal/cli/bootstrap.js").toString(), "node",
                "--hostname", "127.0.0.1", "--port", Integer.toString(port));
        // hardhat 2 takes its config from the folder it runs in, and wants that folder inside its own project
        return start(Kind.HARDHAT, cmd, root.resolve("network/hardhat"), Map.of(
                "HARDHAT_DISABLE_TELEMETRY_PROMPT", "true",
                "POQ_HARDHAT_CHAIN_ID", Long.toString(chainId),
                "POQ_HARDHAT_BLOCK_MS", Integer.toString(blockSeconds * 1000),
                "POQ_HARDHAT_HARDFORK", hardfork,
                "POQ_HARDHAT_ACCOUNTS", Integer.toString(ProtocolFixture.ACCOUNTS)), port, chainId, hardfork);
    }

    /** Ganache 7.9 with the hardfork given, such as "shanghai" (its default and newest). */
    public static DevChainProcess ganache(long chainId, int blockSeconds, String hardfork) {
        Path root = repoRoot();
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("node", root.resolve("node_modules/ganache/dist/node/cli.js").toString(),
                "--server.host", "127.0.0.1", "--server.port", Integer.toString(port),
                "--chain.chainId", Long.toString(chainId), "--chain.hardfork", hardfork,
                "--wallet.mnemonic", AnvilOptions.TEST_MNEMONIC, "--wallet.totalAccounts", Integer.toString(ProtocolFixture.ACCOUNTS),
                "--wallet.defaultBalance", "10000", "--logging.quiet"));
        if (blockSeconds > 0) {
            cmd.addAll(List.of("--miner.blockTime", Integer.toString(blockSeconds)));
        }
        return start(Kind.GANACHE, cmd, root, Map.of(), port, chainId, hardfork);
    }

    private static DevChainProcess start(Kind kind, List<String> cmd, Path dir, Map<String, String> env, int port, long chainId,
                                         String hardfork) {
        try {
            Path log = Files.createTempFile("poq-" + kind.name().toLowerCase() + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            DevChainProcess p = new DevChainProcess(kind, pb.start(), port, chainId, hardfork, log);
            p.awaitReady();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + kind + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        // HTTP/1.1: Java's default HTTP/2 upgrade header makes Hardhat's server (which takes upgrades for WebSockets) hang
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(kind + " exited at start: " + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rpcUrl()))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("result")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(200);
        }
        String tail = tail();
        close();
        throw new IllegalStateException(kind + " did not answer within " + START_TIMEOUT.toSeconds() + " s: " + tail);
    }

    private String tail() {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long chainId() {
        return chainId;
    }

    public Kind kind() {
        return kind;
    }

    public String hardfork() {
        return hardfork;
    }

    /** The repository root: node_modules and network/hardhat live there. */
    static Path repoRoot() {
        String prop = System.getProperty("poq.repo.root");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path d = p.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("node_modules/hardhat")) && Files.isDirectory(d.resolve("network"))) {
                return d;
            }
        }
        throw new IllegalStateException("no node_modules with hardhat and ganache above " + p + ": run `npm ci` first");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // only this process and its children (the node started them): never anything found by name
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file left behind
        }
    }
}
