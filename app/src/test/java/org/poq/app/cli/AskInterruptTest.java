package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.network.testing.ProtocolFixture;

/**
 * Stopping `poq ask` (Ctrl-C, or a terminal closed) stops following, not the task: it says so, and how
 * to follow it again. A real `poq ask` process, interrupted while its nodes never answer.
 */
class AskInterruptTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedAskSaysTheTaskContinuesAndHowToFollowIt() throws Exception {
        try (ProtocolFixture f = ProtocolFixture.start(3, 5)) { // registered, but no node runs
            Path descriptor = dir.resolve("network.json");
            f.network().descriptor().write(descriptor);
            Path key = Files.writeString(dir.resolve("requester.key"),
                    ProtocolFixture.credentialsOf(f.requester().address()).getEcKeyPair().getPrivateKey().toString(16));
            Path argFile = Files.writeString(dir.resolve("java.args"),
                    "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                    "@" + argFile, "org.poq.app.Main", "ask", "--network", descriptor.toString(), "--key-file", key.toString(),
                    "--evaluator", ProtocolFixture.EVALUATOR.hex(), "-k", "3", "-m", "5", "What is the capital of France?"));
            Path log = dir.resolve("ask.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("POQ_HOME", Files.createDirectories(dir.resolve("home")).toString());
            Process ask = pb.start();
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (f.network().lastTaskId() == null && System.nanoTime() < end && ask.isAlive()) {
                    Thread.sleep(100);
                }
                assertThat(f.network().lastTaskId()).as(Files.readString(log)).isNotNull();
                Thread.sleep(1_000); // the follower is waiting for nodes that never come
                ask.destroy(); // SIGTERM: what Ctrl-C does to the JVM's shutdown, hooks included
                assertThat(ask.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                ask.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String id = f.network().lastTaskId().value().toString();
            assertThat(out).contains("Stopped following task #" + id + ". The task continues on the network; "
                    + "follow it with: ./poq task " + id + " --follow").doesNotContain("Exception");
        }
    }
}
