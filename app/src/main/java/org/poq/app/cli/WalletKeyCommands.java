package org.poq.app.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.poq.wallet.Account;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.Secrets;
import org.poq.wallet.keys.KeystoreFiles;
import org.poq.wallet.keys.WalletVault;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `poq wallet import-keystore | export-keystore | import-key | reveal-phrase`: keys in and out, behind the password. */
final class WalletKeyCommands {
    private WalletKeyCommands() {
    }

    /** Adds a key with the wallet unlocked, under --label or "Imported N", and names the new account. */
    private static void importAs(WalletCommand.Common c, WalletVault vault, String label, Function<String, Account> add) {
        c.unlocked(vault, pw -> {
            Account a = add.apply(label != null ? label : "Imported " + (vault.accounts().size() + 1));
            c.out().println("imported " + a.label() + "  " + a.address());
        });
    }

    @Command(name = "import-keystore", mixinStandardHelpOptions = true,
            description = "Add the key of a V3 keystore file (geth, MetaMask, ethers) to the wallet.")
    static final class ImportKeystore extends WalletSubcommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The keystore file (UTC--... JSON).")
        Path file;

        @Option(names = "--keystore-password-file", description = "Read the keystore's own password from this file (first line).")
        Path keystorePasswordFile;

        @Option(names = "--label", description = "Name of the new account (default: Imported N).")
        String label;

        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            // a damaged or too costly file is refused before any password is asked
            KeystoreFiles.load(file);
            char[] ksPassword = keystorePasswordFile != null
                    ? WalletCommand.firstLine(keystorePasswordFile, "keystore password") : c.secret("Password of the keystore file");
            importAs(c, vault, label, name -> vault.importKeystore(file, ksPassword, name));
            return 0;
        }
    }

    @Command(name = "import-key", mixinStandardHelpOptions = true,
            description = "Add a raw private key (64 hex digits, read from a file) to the wallet.")
    static final class ImportKey extends WalletSubcommand {
        @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "File holding the private key as hex.")
        Path keyFile;

        @Option(names = "--label", description = "Name of the new account (default: Imported N).")
        String label;

        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            char[] text = WalletCommand.firstLine(keyFile, "key");
            String hex = Numeric.cleanHexPrefix(new String(text).strip());
            Secrets.wipe(text);
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new InvalidInputException("the key file " + keyFile + " does not hold a private key (64 hex digits, 0x optional)");
            }
            byte[] key = Numeric.hexStringToByteArray(hex);
            try {
                importAs(c, vault, label, name -> vault.importPrivateKey(key, name));
            } finally {
                Secrets.wipe(key);
            }
            return 0;
        }
    }

    @Command(name = "export-keystore", mixinStandardHelpOptions = true,
            description = "Write an account's key as a V3 keystore file protected by a new password.")
    static final class ExportKeystore extends WalletSubcommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ACCOUNT", description = "Account: number, name or address (default: the first).")
        String account;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the keystore file into.")
        Path out;

        @Option(names = "--export-password-file", description = "Read the keystore file's password from this file (first line).")
        Path exportPasswordFile;

        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            String address = c.account(vault, account);
            char[] exportPassword;
            if (exportPasswordFile != null) {
                exportPassword = WalletCommand.firstLine(exportPasswordFile, "export password");
            } else {
                exportPassword = c.secret("Password for the keystore file (at least 8 characters)");
                char[] again = c.secret("Repeat it");
                boolean same = Arrays.equals(exportPassword, again);
                Secrets.wipe(again);
                if (!same) {
                    Secrets.wipe(exportPassword);
                    throw new IllegalArgumentException("the passwords differ; nothing was written");
                }
            }
            c.unlocked(vault, pw -> {
                Path file = vault.exportKeystore(address, pw, exportPassword, out, c.kdf());
                c.out().println("wrote " + file + " (the key of " + address + "; as sensitive as the key itself)");
            });
            return 0;
        }
    }

    @Command(name = "reveal-phrase", mixinStandardHelpOptions = true,
            description = "Show the recovery phrase again, after the wallet password.")
    static final class RevealPhrase extends WalletSubcommand {
        @Override
        public Integer call() {
            WalletVault vault = c.openVault();
            c.unlocked(vault, pw -> {
                WalletVault.RevealedPhrase r = vault.revealPhrase(pw);
                try (var phrase = r.phrase()) {
                    c.out().println("Your recovery phrase. Anyone who sees it can take your funds:");
                    List<String> w = phrase.words();
                    for (int i = 0; i < w.size(); i++) {
                        c.out().printf("%2d. %s%n", i + 1, w.get(i));
                    }
                }
                if (r.withPassphrase()) {
                    c.out().println("This wallet also uses a BIP-39 passphrase (not shown): restoring needs both.");
                }
            });
            return 0;
        }
    }
}
