package org.poq.app.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.network.NetworkDescriptor;
import org.poq.network.devnet.AnvilBinary;
import org.poq.network.devnet.AnvilOptions;

/**
 * Across hosts: the chain, the nodes and the requester each in a network namespace of its own, joined
 * by veth pairs (chain 10.77.1.1 to the nodes' 10.77.1.2, chain 10.77.2.1 to the requester's
 * 10.77.2.2; nothing uses 127.0.0.1 for the chain). The nodes (one miner, three validators, in one
 * process, started through the app layer's NodeLauncher) and the requester (RequesterSession) are
 * real JVMs of this class path. The nodes' link is cut while a round runs, then
 * restored: the nodes resume and the round reaches Finalized. Needs root (or CAP_NET_ADMIN); skipped
 * with a message where `ip netns` is not permitted.
 */
class NetworkNamespaceTest {
    private static final String CHAIN_NODES = "10.77.1.1";
    private static final String CHAIN_REQUESTER = "10.77.2.1";
    private final String tag = Long.toString(ProcessHandle.current().pid() % 100_000, 36);
    private final String chainNs = "poq-chain-" + tag;
    private final String nodesNs = "poq-nodes-" + tag;
    private final String requesterNs = "poq-req-" + tag;
    private final String nodesLink = "pqn" + tag;
    private final String requesterLink = "pqr" + tag;
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void requireNetns() throws Exception {
        String probe = "poq-probe-" + tag;
        Run r = run("ip", "netns", "add", probe);
        if (r.code() == 0) {
            run("ip", "netns", "del", probe);
        }
        Assumptions.assumeTrue(r.code() == 0, "skipped: `ip netns add` is not permitted here (it needs root or "
                + "CAP_NET_ADMIN and the ip tool): " + r.output().strip());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (String ns : List.of(chainNs, nodesNs, requesterNs)) {
            run("ip", "netns", "del", ns); // takes its end of each veth pair, and so the pair, with it
        }
    }

    @Test
    void aRoundAcrossThreeNamespacesFinalizesAfterTheNodesLinkIsCutAndRestored() throws Exception {
        for (String ns : List.of(chainNs, nodesNs, requesterNs)) {
            must("ip", "netns", "add", ns);
            must("ip", "-n", ns, "link", "set", "lo", "up");
        }
        link(nodesLink, nodesNs, CHAIN_NODES, "10.77.1.2");
        link(requesterLink, requesterNs, CHAIN_REQUESTER, "10.77.2.2");

        Process anvil = start(dir.resolve("anvil.log"), "ip", "netns", "exec", chainNs, AnvilBinary.locate().toString(),
                "--host", "0.0.0.0", "--port", "8545", "--chain-id", "31337", "--accounts", "10",
                "--mnemonic", AnvilOptions.TEST_MNEMONIC, "--hardfork", "shanghai");
        waitForLog(dir.resolve("anvil.log"), "Listening on", 30);

        Path requesterDescriptor = dir.resolve("network-requester.json");
        Lines setup = java(dir.resolve("setup.log"), requesterNs, NetnsRequester.class.getName(), "setup",
                "http://" + CHAIN_REQUESTER + ":8545", requesterDescriptor.toString());
        assertThat(setup.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(setup.process().exitValue()).as(setup.text()).isZero();
        NetworkDescriptor nodesView = NetworkDescriptor.read(requesterDescriptor).withRpcUrl("http://" + CHAIN_NODES + ":8545");
        Path nodesDescriptor = dir.resolve("network-nodes.json");
        nodesView.write(nodesDescriptor);

        Lines node = java(dir.resolve("nodes.log"), nodesNs, NetnsRequester.class.getName(), "nodes", nodesDescriptor.toString());
        node.await("NODES RUNNING", 240);

        // the nodes' host drops off the network; the round starts without them
        must("ip", "-n", chainNs, "link", "set", nodesLink, "down");
        Lines ask = java(dir.resolve("ask.log"), requesterNs, NetnsRequester.class.getName(), "ask", requesterDescriptor.toString());
        ask.await("SUBMITTED", 120);
        Thread.sleep(6_000);
        assertThat(ask.text()).as("nobody could act while the link was down").doesNotContain("answers committed 1/1")
                .doesNotContain("FINALIZED");
        must("ip", "-n", chainNs, "link", "set", nodesLink, "up");

        ask.await("FINALIZED answers=", 240);
        assertThat(ask.text()).contains("FINALIZED answers=1 scores=3 penalties=0");
        assertThat(ask.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(anvil.isAlive()).isTrue();
        assertThat(node.isAlive()).as("the nodes rode out the cut").isTrue();
    }

    /** A veth pair: one end in the chain's namespace, the other in {@code ns}, a /24 between them. */
    private void link(String name, String ns, String chainAddress, String address) throws Exception {
        must("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p");
        must("ip", "link", "set", name, "netns", chainNs);
        must("ip", "link", "set", name + "p", "netns", ns);
        must("ip", "-n", chainNs, "addr", "add", chainAddress + "/24", "dev", name);
        must("ip", "-n", ns, "addr", "add", address + "/24", "dev", name + "p");
        must("ip", "-n", chainNs, "link", "set", name, "up");
        must("ip", "-n", ns, "link", "set", name + "p", "up");
    }

    /** A JVM with this test's class path inside a namespace; its output collected line by line. */
    private Lines java(Path log, String ns, String mainClass, String... args) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        // ONNX Runtime crashes at start with a command line over about 4 KB: the class path goes into a file
        Path argFile = Files.writeString(dir.resolve(log.getFileName() + ".args"),
                "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, javaBin, "-Xmx384m",
                "--enable-native-access=ALL-UNNAMED", "@" + argFile, mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("POQ_HOME", Files.createDirectories(dir.resolve("home-" + log.getFileName())).toString());
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        processes.add(p);
        Lines lines = new Lines(p, new CopyOnWriteArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.lines().add(line);
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                lines.lines().add("(output lost: " + e.getMessage() + ")");
            }
        }, "netns-" + log.getFileName());
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    record Lines(Process process, List<String> lines) {
        boolean isAlive() {
            return process.isAlive();
        }

        String text() {
            return String.join("\n", lines);
        }

        void await(String marker, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!text().contains(marker)) {
                if (System.nanoTime() > end || (!process.isAlive() && !text().contains(marker))) {
                    Thread.sleep(200); // the reader may still hold the last lines
                    assertThat(text()).as("waiting for '" + marker + "'").contains(marker);
                }
                Thread.sleep(100);
            }
        }
    }

    private Process start(Path log, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static void waitForLog(Path log, String marker, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(marker)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw '" + marker + "' in " + log + ": " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    record Run(int code, String output) {
    }

    private static Run run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Run(p.exitValue(), out);
    }

    private static void must(String... cmd) throws Exception {
        Run r = run(cmd);
        if (r.code() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + r.output());
        }
    }
}
