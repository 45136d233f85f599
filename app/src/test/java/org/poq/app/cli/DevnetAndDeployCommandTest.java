package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.poq.network.devnet.DevnetException;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.network.devnet.LocalDevnet;
import org.poq.core.TokenAmount;

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
        String fresh = "0x00000000000000000000000000000000000000f1";
        CliRun fund = CliRun.of("devnet", "fund", fresh);
        assertThat(fund.exitCode()).as(fund.err()).isZero();
        assertThat(fund.out()).contains("10,000 POQ").contains("100 ETH");
        try (PoqNetwork net = PoqNetwork.connect(d.withRpcUrl(devnetRpc()))) {
            assertThat(net.poqBalance(fresh)).isEqualTo(DevnetFaucet.POQ_GRANT);
            assertThat(net.nativeBalance(fresh)).isEqualTo(DevnetFaucet.ETH_GRANT);
        }
        CliRun badAddress = CliRun.of("devnet", "fund", "0x12");
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.err()).contains("40 hex digits");
        assertThat(CliRun.of("devnet", "stop").out()).contains("devnet stopped");
        CliRun stopped = CliRun.of("devnet", "fund", fresh);
        assertThat(stopped.exitCode()).isEqualTo(3);
        assertThat(stopped.err()).contains("not running");
        assertThat(CliRun.of("devnet", "status").out()).contains("stopped");
    }

    private String devnetRpc() {
        return new LocalDevnet(home.resolve("devnet"), java.util.List.of(), org.poq.network.ProtocolParams.defaults())
                .status().rpcUrl();
    }

    @Test
    void theFaucetRefusesAnyChainButTheDevnets() throws Exception {
        try (AnvilProcess anvil = AnvilProcess.start(new AnvilOptions(0, 5, null, null, 10, null))) {
            CliRun run = CliRun.of("deploy", "--rpc", anvil.rpcUrl(), "--key-file", keyFile().toString(), "--out",
                    home.resolve("main.json").toString(), "--evaluator", "ab".repeat(32));
            assertThat(run.exitCode()).as(run.err()).isZero();
            try (PoqNetwork net = PoqNetwork.connect(NetworkDescriptor.read(home.resolve("main.json")))) {
                String someone = LocalAccounts.account(7).getAddress();
                TokenAmount before = net.poqBalance(someone);
                assertThatThrownBy(() -> DevnetFaucet.fund(net, someone)).isInstanceOf(DevnetException.class)
                        .hasMessageContaining("only on the local devnet");
                assertThat(net.poqBalance(someone)).isEqualTo(before);
            }
        }
    }

    private Path keyFile() throws java.io.IOException {
        Path key = home.resolve("deployer.key");
        Files.writeString(key, LocalAccounts.account(0).getEcKeyPair().getPrivateKey().toString(16));
        return key;
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
            assertThat(run.out()).as("an anvil node on this computer: the devnet's short delay").contains("(delay 60 s)");

            // a wrong --chain-id speaks of the option, not of a descriptor that does not exist yet
            CliRun wrong = CliRun.of("deploy", "--rpc", anvil.rpcUrl(), "--key-file", key.toString(), "--out",
                    home.resolve("other.json").toString(), "--chain-id", "5");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.err()).contains("serves chain 31337, not chain 5 as --chain-id says; nothing was deployed")
                    .doesNotContain("descriptor");
            assertThat(home.resolve("other.json")).doesNotExist();
            try (PoqNetwork net = PoqNetwork.connect(d)) {
                assertThat(net.isKnownEvaluator(org.poq.core.Sha256.parse(evaluator).bytes())).isTrue();
                assertThat(net.poqTotalSupply().isZero()).isFalse();
            }
            assertThat(run.out()).as("an anvil node on this computer draws from block hashes by default")
                    .contains("draws:    block hash (local devnet: the block producer can choose it)");
            assertThat(d.contracts().beacon()).isNull();
        }
    }

    /** `poq deploy --randomness drand-evmnet` deploys a DrandBeacon, the descriptor names it, the output says so. */
    @Test
    void deployWithTheDrandBeaconRecordsItAndSaysSo() throws Exception {
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral())) {
            Path out = home.resolve("beacon.json");
            CliRun run = CliRun.of("deploy", "--rpc", anvil.rpcUrl(), "--key-file", keyFile().toString(), "--out", out.toString(),
                    "--randomness", "drand-evmnet");
            assertThat(run.exitCode()).as(run.err()).isZero();
            NetworkDescriptor d = NetworkDescriptor.read(out);
            assertThat(d.contracts().beacon()).isNotNull();
            assertThat(Files.readString(out)).contains("\"beacon\"");
            assertThat(run.out()).contains("draws:    drand evmnet beacon, checked on chain (nobody can choose it), beacon "
                    + d.contracts().beacon());
            try (PoqNetwork net = PoqNetwork.connect(d)) {
                assertThat(net.randomnessKind()).startsWith("drand evmnet beacon");
            }
            CliRun unknown = CliRun.of("deploy", "--rpc", anvil.rpcUrl(), "--key-file", keyFile().toString(), "--out",
                    home.resolve("coin.json").toString(), "--randomness", "coin");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("unknown randomness source 'coin': use one of block-hash, drand-evmnet")
                    .doesNotContain("Exception");
            assertThat(home.resolve("coin.json")).doesNotExist();
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
