package org.poq.app.cli;

import org.poq.wallet.keys.WalletVault;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Signing with an account of the user's wallet, as the window does: the same wallet file, the
 * password asked once, accounts named as `poq wallet accounts` lists them.
 */
final class WalletAccountOptions {
    @Option(names = "--from", paramLabel = "ACCOUNT",
            description = "Sign with this account of your wallet: its name, number or address (default: the first, when a wallet exists).")
    String from;

    @Mixin
    UnlockOptions unlock = new UnlockOptions();

    /** Whether the wallet signs: --from given, or a wallet exists and no key option ({@code keys}) names another signer. */
    boolean usesWallet(AccountOptions keys) {
        if (from != null) {
            return true;
        }
        return keys.keyFile == null && keys.devAccount == null && WalletVault.exists(common().walletFile());
    }

    /** The wallet's options as `poq wallet` reads them. */
    WalletCommand.Common common() {
        WalletCommand.Common c = new WalletCommand.Common();
        c.unlock = unlock;
        return c;
    }
}
