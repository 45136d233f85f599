package org.poq.app.cli;

import java.nio.file.Path;
import org.poq.network.devnet.LocalAccounts;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/** Whose keys a command signs with: a key file, or on the local devnet one of its well-known test accounts. */
final class AccountOptions {
    @Option(names = "--key-file", paramLabel = "FILE", description = "File holding the account's private key as hex.")
    Path keyFile;

    @Option(names = "--dev-account", paramLabel = "N",
            description = "On the local devnet: use its well-known test account N (1..19).")
    Integer devAccount;

    Credentials resolve(NetworkOptions network, int defaultDevAccount) {
        if (keyFile != null) {
            return DeployCommand.readKey(keyFile);
        }
        if (!network.isDevnet() && devAccount == null) {
            throw new IllegalArgumentException("this network needs your key: sign from your wallet with --from ACCOUNT"
                    + " (`poq wallet create` makes one), or pass --key-file FILE");
        }
        int n = devAccount != null ? devAccount : defaultDevAccount;
        if (n < 0 || n >= 20) {
            throw new IllegalArgumentException("--dev-account must be in 0..19");
        }
        return LocalAccounts.account(n);
    }
}
