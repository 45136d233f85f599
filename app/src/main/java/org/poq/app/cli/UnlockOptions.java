package org.poq.app.cli;

import java.nio.file.Path;
import org.poq.app.service.WalletFile;
import org.poq.core.AppPaths;
import picocli.CommandLine.Option;

/**
 * Which wallet a command unlocks and where its password comes from: one declaration for every
 * `poq wallet` subcommand (through {@link WalletCommand.Common}) and for the commands that sign with the
 * wallet (`poq ask --from`, through {@link WalletAccountOptions}). Without --password-file the password
 * is asked on the terminal.
 */
final class UnlockOptions {
    @Option(names = "--wallet", paramLabel = "FILE", description = "Wallet file (default: keystore/wallet.vault in the data folder).")
    Path wallet;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the wallet password from this file (first line).")
    Path passwordFile;

    Path walletFile() {
        return wallet != null ? wallet : WalletFile.of(AppPaths.fromEnvironment());
    }
}
