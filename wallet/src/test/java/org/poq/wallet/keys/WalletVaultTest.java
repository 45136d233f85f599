package org.poq.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.wallet.Account;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.WalletLockedException;
import org.poq.wallet.WrongPasswordException;
import org.poq.wallet.testing.TestClock;

class WalletVaultTest {
    static final KdfParams LIGHT = KdfParams.light(1024);
    static final String PHRASE = "test test test test test test test test test test test junk";
    static final char[] PW = "wallet-password".toCharArray();

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    private WalletVault restore(Path file, String passphrase, int accounts) {
        try (SeedPhrase p = Mnemonics.parse(PHRASE.toCharArray())) {
            return WalletVault.create(file, p, passphrase.toCharArray(), PW.clone(), accounts, LIGHT, clock, Duration.ofMinutes(5));
        }
    }

    @Test
    void restoreFromPhraseGivesTheSameAddressesEveryTime() {
        WalletVault a = restore(dir.resolve("a.vault"), "", 3);
        WalletVault b = restore(dir.resolve("b.vault"), "", 1);
        b.addAccount("second");
        b.addAccount("third");
        assertThat(a.accounts()).extracting(Account::address).containsExactly(
                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        assertThat(b.accounts()).extracting(Account::address).isEqualTo(a.accounts().stream().map(Account::address).toList());
        assertThat(a.accounts().get(2).derivationPath()).isEqualTo("m/44'/60'/0'/0/2");
        WalletVault withPassphrase = restore(dir.resolve("c.vault"), "secret passphrase", 1);
        assertThat(withPassphrase.accounts().get(0).address()).isNotEqualTo(a.accounts().get(0).address());
    }

    @Test
    void reopenedWalletIsLockedAndOpensOnlyWithItsPassword() {
        Path file = dir.resolve("w.vault");
        restore(file, "", 2);
        WalletVault v = WalletVault.open(file, clock, Duration.ofMinutes(5));
        assertThat(v.isUnlocked()).isFalse();
        assertThat(v.accounts()).hasSize(2);
        assertThatThrownBy(() -> v.addAccount("x")).isInstanceOf(WalletLockedException.class);
        assertThatThrownBy(() -> v.unlock("not-the-password".toCharArray()))
                .isInstanceOf(WrongPasswordException.class).hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> v.unlock(new char[0])).isInstanceOf(WrongPasswordException.class);
        v.unlock(PW.clone());
        assertThat(v.isUnlocked()).isTrue();
        assertThat(v.addAccount("third").index()).isEqualTo(2);
        v.lock();
        assertThat(v.isUnlocked()).isFalse();
    }

    @Test
    void locksItselfAfterTheIdleTimeAndTellsListeners() {
        WalletVault v = restore(dir.resolve("w.vault"), "", 1);
        int[] locks = {0};
        v.onLock(() -> locks[0]++);
        v.setIdleTimeout(Duration.ofMinutes(2));
        clock.advance(Duration.ofSeconds(119));
        v.addAccount("use resets the idle time");
        clock.advance(Duration.ofSeconds(119));
        assertThat(v.isUnlocked()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(v.isUnlocked()).isFalse();
        assertThat(locks[0]).isEqualTo(1);
        assertThatThrownBy(() -> v.addAccount("x")).isInstanceOf(WalletLockedException.class);
        assertThatThrownBy(() -> v.setIdleTimeout(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void signingAsksThePasswordAgainAndDerivesTheRightKey() {
        WalletVault v = restore(dir.resolve("w.vault"), "", 1);
        String addr = v.accounts().get(0).address();
        assertThatThrownBy(() -> v.withCredentials(addr, "wrong-password".toCharArray(), c -> c))
                .isInstanceOf(WrongPasswordException.class);
        String signer = v.withCredentials(addr, PW.clone(), c -> c.getAddress());
        assertThat(signer).isEqualToIgnoringCase(addr);
        v.lock();
        assertThatThrownBy(() -> v.withCredentials(addr, PW.clone(), c -> c)).isInstanceOf(WalletLockedException.class);
    }

    @Test
    void passwordArraysAreWipedAfterUseEvenOnFailure() {
        WalletVault v = restore(dir.resolve("w.vault"), "", 1);
        String addr = v.accounts().get(0).address();
        char[] right = PW.clone();
        v.withCredentials(addr, right, c -> c);
        char[] wrong = "wrong-password".toCharArray();
        assertThatThrownBy(() -> v.unlock(wrong)).isInstanceOf(WrongPasswordException.class);
        v.lock();
        char[] whileLocked = PW.clone();
        assertThatThrownBy(() -> v.withCredentials(addr, whileLocked, c -> c)).isInstanceOf(WalletLockedException.class);
        char[] unlock = PW.clone();
        v.unlock(unlock);
        for (char[] used : new char[][]{right, wrong, whileLocked, unlock}) {
            assertThat(used).containsOnly('\0');
        }
    }

    @Test
    void importsAndExportsKeystoreFiles() throws Exception {
        Path ks = dir.resolve("import.json");
        Files.writeString(ks, KeystoreFilesTest.SPEC_VECTOR);
        WalletVault v = restore(dir.resolve("w.vault"), "", 1);
        assertThatThrownBy(() -> v.importKeystore(ks, "bad-password".toCharArray(), "imported"))
                .isInstanceOf(WrongPasswordException.class);
        assertThat(v.accounts()).hasSize(1);
        Account imported = v.importKeystore(ks, "testpassword".toCharArray(), "From geth");
        assertThat(imported.kind()).isEqualTo(Account.Kind.IMPORTED);
        assertThatThrownBy(() -> v.importKeystore(ks, "testpassword".toCharArray(), "twice"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already");

        // The imported key survives a reopen under the wallet password, and exports to a readable file.
        WalletVault reopened = WalletVault.open(v.file(), clock, Duration.ofMinutes(5));
        reopened.unlock(PW.clone());
        Path out = reopened.exportKeystore(imported.address(), PW.clone(), "export-password".toCharArray(), dir.resolve("out"), LIGHT);
        try (var k = KeystoreFiles.read(out, "export-password".toCharArray())) {
            assertThat(k.privateKey()).isEqualTo(KeystoreFilesTest.KEY);
        }
        assertThatThrownBy(() -> reopened.exportKeystore(imported.address(), "wrong-password".toCharArray(),
                "export-password".toCharArray(), dir.resolve("out2"), LIGHT)).isInstanceOf(WrongPasswordException.class);
        assertThat(dir.resolve("out2")).doesNotExist();
    }

    @Test
    void damagedWalletFilesAreReportedAndTheWalletFileIsNotTouched() throws Exception {
        Path file = dir.resolve("w.vault");
        restore(file, "", 1);
        String json = Files.readString(file);

        Path truncated = dir.resolve("t.vault");
        Files.writeString(truncated, json.substring(0, json.length() - 40));
        assertThatThrownBy(() -> WalletVault.open(truncated, clock, Duration.ofMinutes(5)))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("damaged");

        Path garbage = dir.resolve("g.vault");
        Files.writeString(garbage, "{\"hello\": 1}");
        assertThatThrownBy(() -> WalletVault.open(garbage, clock, Duration.ofMinutes(5)))
                .isInstanceOf(InvalidKeystoreException.class);

        // A tampered sealed seed: the password is right, the secret fails its integrity check.
        Path tampered = dir.resolve("x.vault");
        String seedData = json.replaceAll("(?s).*\"seed\" : \\{[^}]*\"data\" : \"([0-9a-f]+)\".*", "$1");
        Files.writeString(tampered, json.replace(seedData, (seedData.charAt(0) == 'a' ? "b" : "a") + seedData.substring(1)));
        WalletVault v = WalletVault.open(tampered, clock, Duration.ofMinutes(5));
        v.unlock(PW.clone());
        assertThatThrownBy(() -> v.addAccount("x")).isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("integrity");
        assertThat(Files.readString(file)).isEqualTo(json);
    }

    @Test
    void refusesWeakPasswordsAndOverwritingAWallet() {
        Path file = dir.resolve("w.vault");
        assertThatThrownBy(() -> WalletVault.createEmpty(file, "short".toCharArray(), LIGHT, clock, Duration.ofMinutes(1)))
                .isInstanceOf(InvalidInputException.class);
        restore(file, "", 1);
        assertThatThrownBy(() -> restore(file, "", 1)).hasMessageContaining("already exists");
    }
}
