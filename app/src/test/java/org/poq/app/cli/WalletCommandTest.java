package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;

class WalletCommandTest {
    static final String PHRASE = "test test test test test test test test test test test junk";

    @TempDir
    Path home;
    InputStream stdin;

    @BeforeEach
    void useTempHome() {
        System.setProperty("poq.home", home.toString());
        stdin = System.in;
    }

    @AfterEach
    void restore() {
        System.clearProperty("poq.home");
        System.setIn(stdin);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content);
    }

    @Test
    void restoreListBalanceSendAndHistoryWithThePasswordFromAFile() throws Exception {
        Path pw = file("pw.txt", "cli wallet password\n");
        Path phrase = file("phrase.txt", PHRASE + "\n");
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral())) {
            NetworkDescriptor d;
            try (ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
                d = new Deployer(chain, LocalAccounts.account(0)).deploy("cli", ProtocolParams.defaults(), List.of());
            }
            Path net = home.resolve("net.json");
            d.write(net);

            CliRun restore = CliRun.of("wallet", "restore", "--light-kdf", "--phrase-file", phrase.toString(),
                    "--password-file", pw.toString(), "--accounts", "2");
            assertThat(restore.exitCode()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
                    .contains("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").doesNotContain("junk");

            assertThat(CliRun.of("wallet", "list").out()).contains("m/44'/60'/0'/0/1");
            CliRun balance = CliRun.of("wallet", "balance", "--network", net.toString());
            assertThat(balance.out()).contains("POQ");

            String bob = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(9).getAddress());
            CliRun send = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                    "--asset", "POQ", "--yes", bob, "25");
            assertThat(send.exitCode()).as(send.err()).isZero();
            assertThat(send.out()).contains("Amount: 25 POQ").contains("Fee:    at most").contains("sent: 0x").contains("confirmed");
            try (PoqNetwork n = PoqNetwork.connect(d)) {
                assertThat(n.poqBalance(bob).toPlainString()).isEqualTo("25");
            }

            Path csv = home.resolve("h.csv");
            CliRun history = CliRun.of("wallet", "history", "--network", net.toString(), "--csv", csv.toString());
            assertThat(history.exitCode()).as(history.err()).isZero();
            assertThat(Files.readString(csv)).contains("TRANSFER_OUT,OUT,POQ,25");

            CliRun badSend = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                    "--yes", "0x1234", "1");
            assertThat(badSend.exitCode()).isNotZero();
            assertThat(badSend.err()).contains("40 hex digits");
        }
    }

    @Test
    void createRefusesWrongConfirmationWordsAndCreatesNothing() throws Exception {
        Path pw = file("pw.txt", "cli wallet password\n");
        System.setIn(new ByteArrayInputStream("nope\nnope\nnope\n".getBytes(StandardCharsets.UTF_8)));
        CliRun create = CliRun.of("wallet", "create", "--light-kdf", "--password-file", pw.toString());
        assertThat(create.exitCode()).isNotZero();
        assertThat(create.err()).contains("do not match").contains("no wallet was created");
        assertThat(home.resolve("keystore/wallet.vault")).doesNotExist();
        assertThat(CliRun.of("wallet", "list").err()).contains("no wallet");
    }
}
