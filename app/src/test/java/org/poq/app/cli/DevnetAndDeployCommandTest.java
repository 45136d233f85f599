package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;

class DevnetAndDeployCommandTest {
    @TempDir
    Path home;

    @BeforeEach
    void useTempHome() {
        System.setProperty("poq.home", home.toString());
    }

    @AfterEach
    void stopDevnet() {
        CliRun.of("devnet", "stop");
        System.clearProperty("poq.home");
    }

    @Test
    void devnetStartStatusStop() {
        assertThat(CliRun.of("devnet", "status").exitCode()).as("stopped -> exit 3").isEqualTo(3);
        CliRun start = CliRun.of("devnet", "start");
        assertThat(start.exitCode()).as(start.err()).isZero();
        CliRun status = CliRun.of("devnet", "status");
        assertThat(status.exitCode()).isZero();
        NetworkDescriptor d = NetworkDescriptor.read(home.resolve("devnet/network.json"));
        assertThat(status.out()).contains("running").contains("block:").contains(d.contracts().market())
                .contains(d.contracts().registry()).contains(d.contracts().token());
        assertThat(CliRun.of("devnet", "stop").out()).contains("devnet stopped");
        assertThat(CliRun.of("devnet", "status").out()).contains("stopped");
    }

    @Test
    void deployWritesADescriptorThatConnects() throws Exception {
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral())) {
            Path key = home.resolve("deployer.key");
            Files.writeString(key, LocalAccounts.account(0).getEcKeyPair().getPrivateKey().toString(16));
            Path out = home.resolve("net.json");
            String evaluator = "ab".repeat(32);
            CliRun run = CliRun.of("deploy", "--rpc", anvil.rpcUrl(), "--key-file", key.toString(), "--out", out.toString(),
                    "--evaluator", evaluator);
            assertThat(run.exitCode()).as(run.err()).isZero();
            NetworkDescriptor d = NetworkDescriptor.read(out);
            assertThat(d.chainId()).isEqualTo(31337);
            try (PoqNetwork net = PoqNetwork.connect(d)) {
                assertThat(net.isKnownEvaluator(org.poq.core.Sha256.parse(evaluator).bytes())).isTrue();
                assertThat(net.poqTotalSupply().isZero()).isFalse();
            }
        }
    }

    @Test
    void deployErrorsAreOneClearLine() throws Exception {
        Path key = home.resolve("bad.key");
        Files.writeString(key, "not a key");
        CliRun bad = CliRun.of("deploy", "--rpc", "http://127.0.0.1:1", "--key-file", key.toString(), "--out", "x.json");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("does not hold a hex private key").doesNotContain("not a key").doesNotContain("at org.");
        Files.writeString(key, LocalAccounts.account(0).getEcKeyPair().getPrivateKey().toString(16));
        CliRun down = CliRun.of("deploy", "--rpc", "http://127.0.0.1:" + AnvilProcess.freePort(), "--key-file", key.toString(),
                "--out", home.resolve("x.json").toString());
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("does not answer").doesNotContain("at org.");
    }
}
