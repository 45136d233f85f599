package org.poq.wallet.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.poq.wallet.Account;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.WalletException;
import org.web3j.utils.Numeric;

/**
 * The wallet file as it sits on disk: its format mark, the scrypt parameters and salt, the sealed
 * secrets by id and the public account list, written by atomic replace with owner-only permissions.
 * It knows nothing of keys or passwords: {@link VaultCipher} seals what goes in.
 */
final class VaultFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FORMAT = "poq-wallet-vault";

    /** One sealed secret: the AES-GCM nonce and the ciphertext with its tag. */
    record Sealed(byte[] nonce, byte[] data) {
    }

    private final Path file;
    private final ObjectNode state;

    private VaultFile(Path file, ObjectNode state) {
        this.file = file;
        this.state = state;
    }

    /** A new, empty wallet's state (not yet written). */
    static VaultFile fresh(Path file, KdfParams kdf, byte[] salt) {
        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT);
        state.put("version", 1);
        ObjectNode k = state.putObject("kdf");
        k.put("name", "scrypt");
        k.put("n", kdf.n());
        k.put("r", kdf.r());
        k.put("p", kdf.p());
        k.put("salt", Numeric.toHexStringNoPrefix(salt));
        state.putObject("secrets");
        state.putArray("accounts");
        return new VaultFile(file, state);
    }

    /** Reads a wallet file; {@code check} names the secret every PoQ wallet holds (the password check). */
    static VaultFile read(Path file, String check) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WalletException("cannot read the wallet file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidKeystoreException("the wallet file " + file.getFileName()
                    + " is damaged (malformed or truncated JSON); restore it from a backup or from the seed phrase");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
                || !root.path("secrets").has(check) || !root.path("accounts").isArray()) {
            throw new InvalidKeystoreException("the wallet file " + file.getFileName()
                    + " is damaged or not a PoQ wallet; restore it from a backup or from the seed phrase");
        }
        return new VaultFile(file, (ObjectNode) root);
    }

    Path path() {
        return file;
    }

    /** The scrypt parameters and salt the wallet key is derived with. */
    JsonNode kdf() {
        return state.path("kdf");
    }

    boolean hasSecret(String id) {
        return state.path("secrets").has(id);
    }

    Optional<Sealed> secret(String id) {
        JsonNode s = state.path("secrets").path(id);
        if (s.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(new Sealed(Numeric.hexStringToByteArray(s.path("nonce").asText()),
                Numeric.hexStringToByteArray(s.path("data").asText())));
    }

    void putSecret(String id, Sealed sealed) {
        ObjectNode s = ((ObjectNode) state.get("secrets")).putObject(id);
        s.put("nonce", Numeric.toHexStringNoPrefix(sealed.nonce()));
        s.put("data", Numeric.toHexStringNoPrefix(sealed.data()));
    }

    List<Account> accounts() {
        List<Account> out = new ArrayList<>();
        for (JsonNode a : state.withArray("accounts")) {
            out.add(new Account(a.path("address").asText(), a.path("label").asText(),
                    Account.Kind.valueOf(a.path("kind").asText()), a.path("index").asInt(-1)));
        }
        return out;
    }

    void append(Account a) {
        ObjectNode n = state.withArray("accounts").addObject();
        n.put("address", a.address());
        n.put("label", a.label());
        n.put("kind", a.kind().name());
        n.put("index", a.index());
    }

    void relabel(String address, String label) {
        for (JsonNode a : state.withArray("accounts")) {
            if (a.path("address").asText().equalsIgnoreCase(address)) {
                ((ObjectNode) a).put("label", label);
                return;
            }
        }
        throw new InvalidInputException("the address " + address + " is not an account of this wallet");
    }

    /** Atomic replace, owner-only permissions where the file system has them. */
    void save() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".wallet", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Windows: the user's profile folder is private already.
            }
            Files.writeString(tmp, JSON.writeValueAsString(state));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WalletException("cannot write the wallet file " + file + ": " + e.getMessage(), e);
        }
    }
}
