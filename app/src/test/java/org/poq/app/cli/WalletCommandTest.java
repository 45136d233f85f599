package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TokenAmount;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;

/** `poq wallet` through its command classes, on one anvil chain for the class. */
class WalletCommandTest {
    static final String PHRASE = "test test test test test test test test test test test junk";
    static final String ETHERS_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    static AnvilProcess anvil;
    static ChainClient chain;
    static NetworkDescriptor d;

    @TempDir
    Path home;
    InputStream stdin;
    Path net;
    Path pw;

    @BeforeAll
    static void startChain() {
        anvil = AnvilProcess.start(AnvilOptions.ephemeral());
        chain = ChainClient.connect(anvil.rpcUrl(), 31337);
        d = new Deployer(chain, LocalAccounts.account(0)).deploy("cli", ProtocolParams.defaults(), List.of());
    }

    @AfterAll
    static void stopChain() {
        chain.close();
        anvil.close();
    }

    @BeforeEach
    void useTempHome() throws Exception {
        System.setProperty("poq.home", home.toString());
        stdin = System.in;
        net = home.resolve("net.json");
        d.write(net);
        pw = file("pw.txt", "cli wallet password\n");
    }

    @AfterEach
    void restore() {
        System.clearProperty("poq.home");
        System.setIn(stdin);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content);
    }

    private static void stdin(String lines) {
        System.setIn(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(WalletCommandTest.class.getResource("/ethers/" + name).toURI());
    }

    private CliRun restoreTestPhrase(String... extra) throws Exception {
        Path phrase = file("phrase.txt", PHRASE + "\n");
        String[] base = {"wallet", "restore", "--light-kdf", "--phrase-file", phrase.toString(), "--password-file", pw.toString(),
                "--network", net.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        CliRun r = CliRun.of(all);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    @Test
    void restoreListBalanceSendAndHistoryWithThePasswordFromAFile() throws Exception {
        CliRun restore = restoreTestPhrase("--accounts", "2", "--no-discover");
        assertThat(restore.out()).contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
                .contains("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").doesNotContain("junk");

        assertThat(CliRun.of("wallet", "list").out()).contains("m/44'/60'/0'/0/1");
        CliRun balance = CliRun.of("wallet", "accounts", "--network", net.toString());
        assertThat(balance.out()).contains("1. Account 1").contains("2. Account 2").contains(" ETH ").contains("POQ");

        String bob = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(9).getAddress());
        TokenAmount before;
        try (PoqNetwork n = PoqNetwork.connect(d)) {
            before = n.poqBalance(bob);
        }
        CliRun send = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--asset", "POQ", "--yes", bob, "1,025");
        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(send.out()).contains("Amount: 1,025 POQ").contains("Fee:    at most").contains("sent: 0x").contains("confirmed");
        try (PoqNetwork n = PoqNetwork.connect(d)) {
            assertThat(n.poqBalance(bob)).isEqualTo(before.plus(TokenAmount.ofTokens(1025)));
        }
        CliRun eth = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--asset", "ETH", "--from", "2", "--yes", bob, "0.5");
        assertThat(eth.exitCode()).as(eth.err()).isZero();
        assertThat(eth.out()).contains("Amount: 0.5 ETH");

        Path csv = home.resolve("h.csv");
        CliRun history = CliRun.of("wallet", "history", "--network", net.toString(), "--csv", csv.toString());
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(Files.readString(csv)).contains("TRANSFER_OUT,OUT,POQ,1025");
        CliRun activity = CliRun.of("wallet", "activity", "--network", net.toString(), "--account", "2");
        assertThat(activity.out()).contains("confirmed").contains("-0.5 ETH").contains("fee").contains("nonce 0");

        CliRun badSend = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--yes", "0x1234", "1");
        assertThat(badSend.exitCode()).isEqualTo(2);
        assertThat(badSend.err()).contains("40 hex digits");
        CliRun badAmount = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--yes", bob, "1,5");
        assertThat(badAmount.exitCode()).isEqualTo(2);
        assertThat(badAmount.err()).contains("use a dot for decimals");
        CliRun badAsset = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--asset", "BTC", "--yes", bob, "1");
        assertThat(badAsset.exitCode()).isEqualTo(2);
        assertThat(badAsset.err()).contains("use POQ or ETH");
    }

    /** Attack on the user's own funds by a slip: a plain POQ transfer to the registry is no stake and is lost. */
    @Test
    void sendingToTheRegistryOrTheZeroAddressNeedsAnExplicitConfirmation() throws Exception {
        restoreTestPhrase("--no-discover");
        CliRun refused = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--yes", d.contracts().registry(), "3");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.out()).contains("WARNING").contains("NOT a stake");
        assertThat(refused.err()).contains("nothing was sent").contains("--accept-warnings");

        stdin("no\n");
        CliRun declined = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                d.contracts().token(), "3");
        assertThat(declined.out()).contains("token contract").contains("nothing was sent");

        CliRun zero = CliRun.of("wallet", "send", "--network", net.toString(), "--password-file", pw.toString(),
                "--asset", "ETH", "--yes", "--accept-warnings", "0x0000000000000000000000000000000000000000", "0.1");
        assertThat(zero.exitCode()).as(zero.err()).isZero();
        assertThat(zero.out()).contains("zero address").contains("confirmed");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void speedUpAndCancelReachPendingTransactionsByTheirNumber() throws Exception {
        restoreTestPhrase("--no-discover");
        String bob = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(9).getAddress());
        chain.rpc("evm_setAutomine", false);
        try {
            // each command waits for its block; run them aside and mine once both are pending
            var send = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("wallet", "send", "--network",
                    net.toString(), "--password-file", pw.toString(), "--asset", "ETH", "--yes", bob, "1"));
            String pending = awaitActivity("#1 (speed-up/cancel)");
            assertThat(pending).contains("pending").contains("send").contains("nonce ");
            var up = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("wallet", "speed-up", "--network",
                    net.toString(), "--password-file", pw.toString(), "1"));
            awaitActivity("#2 (speed-up/cancel)");
            chain.rpc("evm_mine");
            assertThat(up.get().exitCode()).as(up.get().err()).isZero();
            assertThat(up.get().out()).contains("sped up").contains("confirmed");
            assertThat(send.get().out()).contains("replaced");

            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("wallet", "send", "--network",
                    net.toString(), "--password-file", pw.toString(), "--asset", "ETH", "--yes", bob, "2"));
            awaitActivity("#3 (speed-up/cancel)");
            var cancel = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("wallet", "cancel", "--network",
                    net.toString(), "--password-file", pw.toString(), "3"));
            awaitActivity("#4 (speed-up/cancel)");
            chain.rpc("evm_mine");
            assertThat(cancel.get().exitCode()).as(cancel.get().err()).isZero();
            second.get();
            String after = CliRun.of("wallet", "history", "--network", net.toString()).out();
            assertThat(after).contains("cancelled").contains("replaced").contains("confirmed").doesNotContain("(speed-up/cancel)");
            CliRun notPending = CliRun.of("wallet", "cancel", "--network", net.toString(), "--password-file", pw.toString(), "1");
            assertThat(notPending.exitCode()).isEqualTo(2);
            assertThat(notPending.err()).contains("only a pending transaction");
        } finally {
            chain.rpc("evm_setAutomine", true);
        }
    }

    private String awaitActivity(String text) throws InterruptedException {
        String out = "";
        // the row appears when the transaction is signed; wait until the node has it
        while (!out.lines().anyMatch(l -> l.contains(text) && l.contains("waiting for a block"))) {
            Thread.sleep(100);
            out = CliRun.of("wallet", "history", "--network", net.toString()).out();
        }
        return out;
    }

    @Test
    void createChecksThePasswordBeforeShowingTheWords() throws Exception {
        Path shortPw = file("short.txt", "short\n");
        CliRun create = CliRun.of("wallet", "create", "--light-kdf", "--password-file", shortPw.toString());
        assertThat(create.exitCode()).isEqualTo(2);
        assertThat(create.err()).contains("at least 8 characters");
        assertThat(create.out()).doesNotContain(" 1. ");
    }

    @Test
    void createRefusesWrongConfirmationWordsAndCreatesNothing() throws Exception {
        stdin("nope\nnope\nnope\n");
        CliRun create = CliRun.of("wallet", "create", "--light-kdf", "--password-file", pw.toString());
        assertThat(create.exitCode()).isEqualTo(2);
        assertThat(create.err()).contains("do not match").contains("no wallet was created");
        assertThat(home.resolve("keystore/wallet.vault")).doesNotExist();
        assertThat(CliRun.of("wallet", "list").err()).contains("no wallet");
    }

    @Test
    void restoreWithAPassphraseFromAMultiLinePastedFileAndDiscoverUsedAccounts() throws Exception {
        // anvil funds the test phrase's first accounts with ETH: discovery must find them beyond account 1
        String third = org.web3j.crypto.Keys.toChecksumAddress(LocalAccounts.account(2).getAddress());
        Path phrase = file("phrase.txt", "\uFEFFtest test test test\r\ntest\u00A0test test test\n test test test junk\n");
        CliRun r = CliRun.of("wallet", "restore", "--light-kdf", "--phrase-file", phrase.toString(), "--password-file",
                pw.toString(), "--network", net.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(third).contains("looked for used accounts");

        Path other = home.resolve("other.vault");
        Path abandon = file("abandon.txt", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n");
        Path passphrase = file("passphrase.txt", "TREZOR\n");
        CliRun withPassphrase = CliRun.of("wallet", "restore", "--light-kdf", "--wallet", other.toString(), "--phrase-file",
                abandon.toString(), "--passphrase-file", passphrase.toString(), "--password-file", pw.toString(), "--no-discover");
        assertThat(withPassphrase.exitCode()).as(withPassphrase.err()).isZero();
        assertThat(withPassphrase.out()).contains("0x9c32F71D4DB8Fb9e1A58B0a80dF79935e7256FA6");

        CliRun reveal = CliRun.of("wallet", "reveal-phrase", "--wallet", other.toString(), "--password-file", pw.toString());
        assertThat(reveal.exitCode()).as(reveal.err()).isZero();
        assertThat(reveal.out()).contains("12. about").contains("passphrase (not shown)").doesNotContain("TREZOR");
        Path wrong = file("wrong.txt", "not the password\n");
        CliRun refused = CliRun.of("wallet", "reveal-phrase", "--wallet", other.toString(), "--password-file", wrong.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.out()).doesNotContain("about");
    }

    @Test
    void keystoresAndKeysGoInAndOut() throws Exception {
        restoreTestPhrase("--no-discover");
        Path nfdPw = Files.writeString(home.resolve("nfd.txt"), "Mari\u0301a pass\u0301word\n");
        CliRun imp = CliRun.of("wallet", "import-keystore", fixture("nfd-password.json").toString(), "--keystore-password-file",
                nfdPw.toString(), "--password-file", pw.toString(), "--label", "From ethers");
        assertThat(imp.exitCode()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("From ethers").contains(ETHERS_ADDRESS);

        Path costlyPw = file("costly.txt", "costly\n");
        long t0 = System.nanoTime();
        CliRun costly = CliRun.of("wallet", "import-keystore", fixture("scrypt-2-26.json").toString(), "--keystore-password-file",
                costlyPw.toString(), "--password-file", pw.toString());
        assertThat(costly.exitCode()).isEqualTo(2);
        assertThat(costly.err()).contains("too costly").doesNotContain("Exception").doesNotContain("OutOfMemory");
        System.out.printf("costly keystore refused after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        Path out = home.resolve("export");
        Path exportPw = file("export.txt", "export password\n");
        CliRun exp = CliRun.of("wallet", "export-keystore", "From ethers", "--out", out.toString(), "--export-password-file",
                exportPw.toString(), "--password-file", pw.toString(), "--light-kdf");
        assertThat(exp.exitCode()).as(exp.err()).isZero();
        Path written;
        try (var files = Files.list(out)) {
            written = files.findFirst().orElseThrow();
        }
        assertThat(written.getFileName().toString()).startsWith("UTC--").endsWith(ETHERS_ADDRESS.substring(2).toLowerCase());

        Path keyFile = file("key.txt", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d\n");
        CliRun key = CliRun.of("wallet", "import-key", "--key-file", keyFile.toString(), "--password-file", pw.toString());
        assertThat(key.exitCode()).as(key.err()).isZero();
        assertThat(key.out()).contains("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        CliRun missing = CliRun.of("wallet", "import-key", "--key-file", home.resolve("nope.txt").toString(), "--password-file", pw.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").doesNotContain("nope.txt: " + home);
    }

    @Test
    void aBrokenNetworkFileIsNamedWithoutTheParsersText() throws Exception {
        restoreTestPhrase("--no-discover");
        Path broken = file("broken.json", "{\"name\": \"x\", \"chainId\": ");
        CliRun r = CliRun.of("wallet", "balance", "--network", broken.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not a valid network descriptor").doesNotContain("line:").doesNotContain("Exception")
                .doesNotContain("jackson");
        Path noScheme = file("noscheme.json", Files.readString(net).replace("http://", ""));
        CliRun s = CliRun.of("wallet", "balance", "--network", noScheme.toString());
        assertThat(s.exitCode()).isEqualTo(2);
        assertThat(s.err()).contains("must start with http://").doesNotContain("undefined scheme");
    }
}
