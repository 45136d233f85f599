package org.poq.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.WrongPasswordException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

class KeystoreFilesTest {
    // The test vector of the Web3 Secret Storage Definition (PBKDF2-SHA256), as geth and ethereumjs test it.
    static final String SPEC_VECTOR = """
            {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
            "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
            "kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
            "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
            "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}""";
    static final byte[] KEY = Numeric.hexStringToByteArray("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");

    @TempDir
    Path dir;

    @Test
    void readsTheSpecTestVector() {
        try (var k = KeystoreFiles.decrypt(KeystoreFiles.parse(SPEC_VECTOR), "testpassword".toCharArray())) {
            assertThat(k.privateKey()).isEqualTo(KEY);
            assertThat(k.address()).isEqualToIgnoringCase("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b");
        }
    }

    @Test
    void standardScryptRoundTripIsReadableByWeb3j() throws Exception {
        Path file = KeystoreFiles.write(dir, KEY.clone(), "export-password".toCharArray(), KdfParams.STANDARD);
        assertThat(Files.readString(file)).contains("\"n\" : 262144").contains("\"kdf\" : \"scrypt\"");
        assertThat(file.getFileName().toString()).startsWith("UTC--").endsWith("008aeeda4d805471df9b2a5b0f38a0c3bcba786b");
        Credentials viaWeb3j = WalletUtils.loadCredentials("export-password", file.toFile());
        assertThat(viaWeb3j.getAddress()).isEqualTo("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b");
        try (var k = KeystoreFiles.read(file, "export-password".toCharArray())) {
            assertThat(k.privateKey()).isEqualTo(KEY);
        }
    }

    @Test
    void readsAFileWrittenByWeb3j() throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        String name = WalletUtils.generateWalletFile("pw-from-web3j", pair, dir.toFile(), false);
        try (var k = KeystoreFiles.read(dir.resolve(name), "pw-from-web3j".toCharArray())) {
            assertThat(k.address()).isEqualToIgnoringCase("0x" + Keys.getAddress(pair));
        }
    }

    @Test
    void wrongPasswordIsReportedAsSuch() throws Exception {
        Path file = KeystoreFiles.write(dir, KEY.clone(), "right-password".toCharArray(), KdfParams.light(1024));
        assertThatThrownBy(() -> KeystoreFiles.read(file, "wrong-password".toCharArray()))
                .isInstanceOf(WrongPasswordException.class).hasMessageNotContaining("wrong-password");
    }

    @Test
    void truncatedCorruptedAndForeignFilesGetClearErrors() throws Exception {
        Path file = KeystoreFiles.write(dir, KEY.clone(), "right-password".toCharArray(), KdfParams.light(1024));
        String json = Files.readString(file);

        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> KeystoreFiles.read(truncated, "right-password".toCharArray()))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("malformed or truncated");

        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> KeystoreFiles.read(empty, "x".toCharArray())).isInstanceOf(InvalidKeystoreException.class);

        Path badHex = dir.resolve("bad-hex.json");
        Files.writeString(badHex, json.replaceFirst("\"iv\" : \"[0-9a-f]{4}", "\"iv\" : \"zzzz"));
        assertThatThrownBy(() -> KeystoreFiles.read(badHex, "right-password".toCharArray()))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("'iv' is not hex");

        Path noCrypto = dir.resolve("no-crypto.json");
        Files.writeString(noCrypto, "{\"version\":3,\"id\":\"x\"}");
        assertThatThrownBy(() -> KeystoreFiles.read(noCrypto, "x".toCharArray()))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("'crypto'");

        Path v1 = dir.resolve("v1.json");
        Files.writeString(v1, json.replace("\"version\" : 3", "\"version\" : 1"));
        assertThatThrownBy(() -> KeystoreFiles.read(v1, "x".toCharArray()))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("version");

        // A flipped ciphertext byte fails the MAC: indistinguishable from a wrong password, and said so.
        Path flipped = dir.resolve("flipped.json");
        String ct = json.replaceAll("(?s).*\"ciphertext\" : \"([0-9a-f]+)\".*", "$1");
        String other = (ct.charAt(0) == '0' ? "1" : "0") + ct.substring(1);
        Files.writeString(flipped, json.replace(ct, other));
        assertThatThrownBy(() -> KeystoreFiles.read(flipped, "right-password".toCharArray()))
                .isInstanceOf(WrongPasswordException.class).hasMessageContaining("altered");

        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[200_000]);
        assertThatThrownBy(() -> KeystoreFiles.read(huge, "x".toCharArray()))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("too large");
    }

    @Test
    void aFileWhoseAddressDoesNotMatchItsKeyIsRejected() throws Exception {
        String json = KeystoreFiles.encrypt(KEY.clone(), "right-password".toCharArray(), KdfParams.light(1024))
                .replace("008aeeda4d805471df9b2a5b0f38a0c3bcba786b", "f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThatThrownBy(() -> KeystoreFiles.decrypt(KeystoreFiles.parse(json), "right-password".toCharArray()))
                .isInstanceOf(InvalidKeystoreException.class).hasMessageContaining("does not match");
    }
}
