package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.network.testing.ProtocolFixture;
import picocli.CommandLine;

/** `poq serve` as a user runs it: the key shown once, the endpoint up on 127.0.0.1, bad options in one line. */
class ServeCommandTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static Path descriptor;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        f = ProtocolFixture.start(3, 3);
        descriptor = dir.resolve("network.json");
        f.network().descriptor().write(descriptor);
        key = dir.resolve("requester.key");
        Files.writeString(key, ProtocolFixture.credentialsOf(f.requester().address()).getEcKeyPair().getPrivateKey().toString(16));
        System.setProperty("poq.home", dir.resolve("home").toString());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("poq.home");
        f.close();
    }

    record Started(ServeCommand command, CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        String stopAndRead() throws Exception {
            command.stop.countDown();
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
            return out.toString();
        }
    }

    static Started serve(String... extra) throws Exception {
        CommandLine cl = PoqCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        ServeCommand cmd = cl.getSubcommands().get("serve").getCommand();
        List<String> args = new ArrayList<>(List.of("serve", "--network", descriptor.toString(), "--key-file", key.toString(),
                "--evaluator", ProtocolFixture.EVALUATOR.hex(), "--port", "0"));
        args.addAll(List.of(extra));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)));
        for (int i = 0; i < 300 && cmd.started.getCount() > 0 && !exit.isDone(); i++) {
            Thread.sleep(100);
        }
        assertThat(cmd.started.getCount()).as(err.toString()).isZero();
        return new Started(cmd, exit, out, err);
    }

    static int models(String baseUrl, String apiKey) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/models"))
                .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theKeyIsShownOnceAndWorksUntilANewOneIsMade() throws Exception {
        Started first = serve();
        String url = first.command().serving.baseUrl();
        String shown = first.out().toString();
        Matcher m = Pattern.compile("API key \\(shown once; only its hash is kept\\): (poq-\\S+)").matcher(shown);
        assertThat(m.find()).as(shown).isTrue();
        String apiKey = m.group(1);
        assertThat(shown).contains("http://127.0.0.1:").contains("CORS: off").contains("20 POQ per request, 200 POQ per day");
        assertThat(models(url, apiKey)).isEqualTo(200);
        assertThat(models(url, "poq-nope")).isEqualTo(401);
        first.stopAndRead();

        Started second = serve();
        String again = second.out().toString();
        assertThat(again).doesNotContain(apiKey).contains("the one shown when it was made");
        assertThat(models(second.command().serving.baseUrl(), apiKey)).isEqualTo(200);
        second.stopAndRead();

        Started renewed = serve("--new-key", "--cors-origin", "http://localhost:3000");
        assertThat(renewed.out().toString()).contains("API key (shown once").contains("CORS: allowed for http://localhost:3000");
        assertThat(models(renewed.command().serving.baseUrl(), apiKey)).isEqualTo(401);
        renewed.stopAndRead();
    }

    @Test
    void payingFromTheWalletStopsWhenTheWalletLocks() throws Exception {
        Path home = dir.resolve("home");
        Path vaultFile = org.poq.app.service.WalletFile.of(new org.poq.core.AppPaths(home));
        Files.createDirectories(vaultFile.getParent());
        org.poq.wallet.keys.WalletVault vault = org.poq.wallet.keys.WalletVault.createEmpty(vaultFile, "correct horse battery".toCharArray(),
                org.poq.wallet.keys.KdfParams.light(1024), java.time.Clock.systemUTC(), java.time.Duration.ofHours(1));
        vault.unlock("correct horse battery".toCharArray());
        vault.importPrivateKey(org.web3j.utils.Numeric.toBytesPadded(
                ProtocolFixture.credentialsOf(f.requester().address()).getEcKeyPair().getPrivateKey(), 32), "requester");
        vault.lock();
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "correct horse battery\n");
        CliRun wrong = CliRun.of("serve", "--network", descriptor.toString(), "--from-wallet", "--password-file", key.toString(), "--port", "0");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).doesNotContain("Exception").doesNotContain(Files.readString(key).strip());

        // --wallet and --password-file are the UnlockOptions every wallet command takes: another file is read, not the default
        Path elsewhere = dir.resolve("elsewhere.vault");
        CliRun none = CliRun.of("serve", "--network", descriptor.toString(), "--from-wallet", "--wallet", elsewhere.toString(),
                "--password-file", pw.toString(), "--port", "0");
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("no wallet at " + elsewhere).doesNotContain("Exception");

        Started s = serve("--from-wallet", "--password-file", pw.toString(), "--auto-lock", "PT2S");
        assertThat(s.out().toString()).containsIgnoringCase("Paying account " + f.requester().address()).contains("signing stops when it locks");
        Thread.sleep(2_500);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(s.command().serving.baseUrl() + "/chat/completions")).header("Authorization", "Bearer " + keyOf(s))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + ProtocolFixture.FAMILY
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("wallet_locked");
        s.stopAndRead();
    }

    /** The key this start showed, or a new one made for the test when an earlier test's key is in use. */
    private static String keyOf(Started s) {
        Matcher m = Pattern.compile("API key \\(shown once; only its hash is kept\\): (poq-\\S+)").matcher(s.out().toString());
        return m.find() ? m.group(1) : s.command().serving.renewKey();
    }

    @Test
    void badOptionsAreOneClearLine() {
        CliRun limits = CliRun.of("serve", "--network", descriptor.toString(), "--key-file", key.toString(), "--port", "0",
                "--max-fee-per-request", "50", "--max-fee-per-day", "10");
        assertThat(limits.exitCode()).isEqualTo(2);
        assertThat(limits.err()).contains("cannot be above the limit per day").doesNotContain("Exception");
        CliRun port = CliRun.of("serve", "--network", descriptor.toString(), "--key-file", key.toString(), "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("1..65535");
    }
}
