package org.poq.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.db.Database;
import org.poq.network.devnet.LocalAccounts;
import org.poq.wallet.history.HistoryScanner;
import org.poq.wallet.history.HistoryStore;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.keys.SeedConfirmation;
import org.poq.wallet.keys.SeedPhrase;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.testing.TestClock;
import org.poq.wallet.testing.WalletChainFixture;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.TransferService;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** After a whole session, no secret is in the logs, the console, error messages, the database or the wallet file. */
class SecretLeakTest {
    @TempDir
    Path dir;

    @Test
    void noKeyPhraseOrPasswordReachesLogsOrDisk() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);

        String password = "Sup3r-Secret-Wallet-Pw!";
        String phraseText;
        String privateKeyHex;
        String me;
        String txHash;
        List<String> messages = new ArrayList<>();
        TestClock clock = new TestClock();
        Path dbFile = dir.resolve("poq.db");
        try (WalletChainFixture fx = WalletChainFixture.start(); Database db = Database.open(dbFile)) {
            WalletVault vault;
            try (SeedPhrase phrase = Mnemonics.generate(12, new SecureRandom())) {
                phraseText = String.join(" ", phrase.words());
                SeedConfirmation confirm = SeedConfirmation.of(phrase);
                java.util.Map<Integer, char[]> answers = new java.util.HashMap<>();
                confirm.positions().forEach(p -> answers.put(p, phrase.word(p).toCharArray()));
                assertThat(confirm.check(answers)).isEmpty();
                vault = WalletVault.create(dir.resolve("wallet.vault"), phrase, new char[0], password.toCharArray(), 2,
                        WalletChainFixture.LIGHT, clock, Duration.ofMinutes(5));
            }
            me = vault.accounts().get(0).address();
            privateKeyHex = vault.withCredentials(me, password.toCharArray(),
                    c -> Numeric.toHexStringNoPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64));
            vault.lock();
            messages.add(failure(() -> vault.unlock("not it".toCharArray())));
            vault.unlock(password.toCharArray());
            fx.fundNative(me, 3);
            TransferService transfers = WalletChainFixture.transfers(fx.chain, vault, db, clock);
            String bob = Keys.toChecksumAddress(LocalAccounts.account(4).getAddress());
            var quote = transfers.prepare(me, bob, Asset.NATIVE, "1");
            messages.add(failure(() -> transfers.send(quote, (password + "x").toCharArray())));
            var sent = transfers.send(quote, password.toCharArray());
            txHash = sent.hash();
            transfers.awaitSettled(sent, WalletChainFixture.SETTLE);
            new HistoryScanner(fx.chain, new HistoryStore(db, fx.chain.chainId()), true).scan(me);
            messages.add(failure(() -> Mnemonics.parse((phraseText + " zzz").toCharArray())));
            vault.lock();
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.detachAppender(appender);
            root.setLevel(rootLevel);
        }

        StringBuilder logs = new StringBuilder(console.toString(StandardCharsets.UTF_8));
        for (ILoggingEvent e : appender.list) {
            logs.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                logs.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        messages.forEach(m -> logs.append(m).append('\n'));
        String disk = readAll(dir);

        // Positive controls: the session did log and store public data, so the scan looks at real content.
        assertThat(logs.toString()).contains(txHash).contains("wallet unlocked");
        assertThat(disk.toLowerCase(Locale.ROOT)).contains(txHash.toLowerCase(Locale.ROOT)).contains(me.substring(2).toLowerCase(Locale.ROOT));

        for (String secret : List.of(password, phraseText, privateKeyHex)) {
            assertThat(logs.toString().toLowerCase(Locale.ROOT)).doesNotContain(secret.toLowerCase(Locale.ROOT));
            assertThat(disk.toLowerCase(Locale.ROOT)).doesNotContain(secret.toLowerCase(Locale.ROOT));
        }
        // The key must not be on disk in any common encoding either.
        byte[] key = Numeric.hexStringToByteArray(privateKeyHex);
        assertThat(indexOf(readAllBytes(dir), key)).isEqualTo(-1);
        assertThat(disk).doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
    }

    /** The failure's message and full stack trace, which a crash report would show. */
    private static String failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(WalletException.class);
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    private static String readAll(Path dir) throws Exception {
        return new String(readAllBytes(dir), StandardCharsets.ISO_8859_1);
    }

    private static byte[] readAllBytes(Path dir) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(p));
                all.write('\n');
            }
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
