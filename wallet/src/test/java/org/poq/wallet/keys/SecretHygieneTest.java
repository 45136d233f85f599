package org.poq.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.wallet.Account;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.WalletException;
import org.poq.wallet.WalletLockedException;
import org.poq.wallet.WrongPasswordException;

/** Keys against ethers v6 fixtures (wallet/src/test/resources/ethers, made by make-fixtures.mjs) and hostile input. */
class SecretHygieneTest {
    static final KdfParams LIGHT = KdfParams.light(1024);
    static final String ETHERS_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    static final String PHRASE = "test test test test test test test test test test test junk";

    @TempDir
    Path dir;

    static Path fixture(String name) throws Exception {
        return Path.of(SecretHygieneTest.class.getResource("/ethers/" + name).toURI());
    }

    @Test
    void anNfdPasswordEthersAcceptsOpensTheKeystoreAsTypedEitherWay() throws Exception {
        String nfd = "Mari\u0301a pass\u0301word";
        String nfc = java.text.Normalizer.normalize(nfd, java.text.Normalizer.Form.NFC);
        assertThat(nfc).isNotEqualTo(nfd);
        try (KeystoreFiles.DecryptedKey k = KeystoreFiles.read(fixture("nfd-password.json"), nfd.toCharArray())) {
            assertThat(k.address()).isEqualTo(ETHERS_ADDRESS);
        }
        try (KeystoreFiles.DecryptedKey k = KeystoreFiles.read(fixture("nfd-password.json"), nfc.toCharArray())) {
            assertThat(k.address()).isEqualTo(ETHERS_ADDRESS);
        }
    }

    @Test
    void ethersDefaultCostKeystoreOpens() throws Exception {
        try (KeystoreFiles.DecryptedKey k = KeystoreFiles.read(fixture("ethers-default.json"), "ethers default cost".toCharArray())) {
            assertThat(k.address()).isEqualTo(ETHERS_ADDRESS);
        }
    }

    /** Attack: a keystore file that names scrypt n = 2^26 (8 GiB) to freeze or crash the app that imports it. */
    @Test
    void aKeystoreDemandingGigabytesOfScryptIsRefusedBeforeDeriving() throws Exception {
        Path costly = fixture("scrypt-2-26.json");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> KeystoreFiles.read(costly, "costly".toCharArray()))
                        .isInstanceOf(InvalidKeystoreException.class)
                        .hasMessageContaining("too costly").hasMessageContaining("n=67108864")
                        .hasMessageContaining("n=262144"));
        // an absurd PBKDF2 round count as well
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(
                KeystoreFiles.encrypt(key(), "x".toCharArray(), LIGHT));
        var crypto = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("crypto");
        crypto.put("kdf", "pbkdf2");
        ((com.fasterxml.jackson.databind.node.ObjectNode) crypto.get("kdfparams")).put("prf", "hmac-sha256").put("c", 2_000_000_000);
        assertThatThrownBy(() -> KeystoreFiles.parse(json.toString())).hasMessageContaining("too costly");
    }

    private static byte[] key() {
        byte[] k = new byte[32];
        k[31] = 7;
        return k;
    }

    @Test
    void aPassphraseGivesTheAccountsEthersDerives() throws Exception {
        var f = new ObjectMapper().readTree(fixture("passphrase-accounts.json").toFile());
        try (SeedPhrase p = Mnemonics.parse(f.get("phrase").asText().toCharArray())) {
            WalletVault v = WalletVault.create(dir.resolve("w.vault"), p, f.get("passphrase").asText().toCharArray(),
                    "wallet-password".toCharArray(), 3, LIGHT, Clock.systemUTC(), Duration.ofMinutes(5));
            assertThat(v.accounts()).extracting(Account::address).containsExactly(
                    f.get("addresses").get(0).asText(), f.get("addresses").get(1).asText(), f.get("addresses").get(2).asText());
        }
    }

    @Test
    void pastedPhrasesWithLineBreaksNoBreakSpacesABomOrNumbersParse() {
        String[] pasted = {
            "\uFEFF" + PHRASE,
            PHRASE.replace(' ', '\u00A0'),
            "test test test test\r\ntest test test test\ntest test test junk\n",
            " 1. test 2. test 3. test 4. test 5. test 6. test 7. test 8. test 9. test 10. test 11. test 12. junk",
            PHRASE.replace(" ", " \u200B\u202F"),
        };
        for (String s : pasted) {
            try (SeedPhrase p = Mnemonics.parse(s.toCharArray())) {
                assertThat(p.words()).as(s).hasSize(12).endsWith("junk");
            }
        }
    }

    @Test
    void theRecoveryPhraseIsShownAgainOnlyWithThePassword() {
        WalletVault v;
        try (SeedPhrase p = Mnemonics.parse(PHRASE.toCharArray())) {
            v = WalletVault.create(dir.resolve("w.vault"), p, "extra".toCharArray(), "wallet-password".toCharArray(), 1,
                    LIGHT, Clock.systemUTC(), Duration.ofMinutes(5));
        }
        assertThat(v.hasPhrase()).isTrue();
        assertThatThrownBy(() -> v.revealPhrase("wrong-password".toCharArray())).isInstanceOf(WrongPasswordException.class);
        WalletVault.RevealedPhrase r = v.revealPhrase("wallet-password".toCharArray());
        assertThat(String.join(" ", r.phrase().words())).isEqualTo(PHRASE);
        assertThat(r.withPassphrase()).isTrue();
        r.phrase().close();
        v.lock();
        assertThatThrownBy(() -> v.revealPhrase("wallet-password".toCharArray())).isInstanceOf(WalletLockedException.class);

        WalletVault keysOnly = WalletVault.createEmpty(dir.resolve("k.vault"), "wallet-password".toCharArray(), LIGHT,
                Clock.systemUTC(), Duration.ofMinutes(5));
        assertThatThrownBy(() -> keysOnly.revealPhrase("wallet-password".toCharArray()))
                .isInstanceOf(WalletException.class).hasMessageContaining("no recovery phrase");
    }

    /** Attack: the window is left open unlocked; nobody touches the wallet, so a lazy check would never lock it. */
    @Test
    void autoLockFiresOnItsOwnAfterTheIdleTimeAndWipesTheKey() throws Exception {
        WalletVault v;
        try (SeedPhrase p = Mnemonics.parse(PHRASE.toCharArray())) {
            v = WalletVault.create(dir.resolve("w.vault"), p, new char[0], "wallet-password".toCharArray(), 1,
                    LIGHT, Clock.systemUTC(), Duration.ofHours(1));
        }
        CountDownLatch locked = new CountDownLatch(1);
        v.onLock(locked::countDown);
        v.setIdleTimeout(Duration.ofMillis(300));
        assertThat(locked.await(5, TimeUnit.SECONDS)).as("locked without being asked").isTrue();
        assertThat(v.isUnlocked()).isFalse();
        assertThatThrownBy(() -> v.hdAddresses(0, 1)).isInstanceOf(WalletLockedException.class);

        // use keeps it open: the timer re-arms for the time left
        v.setIdleTimeout(Duration.ofMillis(600));
        v.unlock("wallet-password".toCharArray());
        CountDownLatch again = new CountDownLatch(1);
        v.onLock(again::countDown);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(200);
            v.hdAddresses(0, 1);
        }
        assertThat(again.getCount()).as("used every 200 ms, so still unlocked").isEqualTo(1);
        assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void exportedKeystoresAreOwnerOnly() throws Exception {
        Path file = KeystoreFiles.write(dir.resolve("out"), key(), "export-password".toCharArray(), LIGHT);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(List.of(Files.readString(file))).allMatch(s -> s.contains("\"version\" : 3"));
    }
}
