package org.poq.app.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.poq.app.service.WalletFile;
import org.poq.core.AppPaths;
import picocli.CommandLine.Option;

/**
 * Which wallet a command unlocks and where its password comes from: one declaration for every
 * `poq wallet` subcommand (through {@link WalletCommand.Common}) and for the commands that sign with the
 * wallet (`poq ask --from`, through {@link WalletAccountOptions}; `poq serve --from-wallet`). Without
 * --password-file the password is asked on the terminal.
 */
final class UnlockOptions {
    @Option(names = "--wallet", paramLabel = "FILE", description = "Wallet file (default: keystore/wallet.vault in the data folder).")
    Path wallet;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the wallet password from this file (first line).")
    Path passwordFile;

    Path walletFile() {
        return wallet != null ? wallet : WalletFile.of(AppPaths.fromEnvironment());
    }

    /** The password: the first line of --password-file, or what {@code ask} reads when there is none. */
    char[] password(Supplier<char[]> ask) {
        return passwordFile != null ? WalletCommand.firstLine(passwordFile, "password") : ask.get();
    }
}
