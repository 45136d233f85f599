package org.poq.app.cli;

import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Mixin;

/**
 * Which network a command reaches (--network, --rpc-url ...) and whose key it signs with there
 * (--key-file, --dev-account): one declaration for `poq ask`, `task`, `node` and `serve`.
 */
final class ChainOptions {
    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Mixin
    AccountOptions account = new AccountOptions();

    PoqNetwork connect() {
        return network.connect();
    }

    /** The key given, or on the local devnet its test account {@code defaultDevAccount} when none is. */
    Credentials signer(int defaultDevAccount) {
        return account.resolve(network, defaultDevAccount);
    }
}
