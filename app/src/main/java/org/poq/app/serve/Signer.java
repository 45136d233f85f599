package org.poq.app.serve;

import org.web3j.crypto.Credentials;

/**
 * Whose account pays for the endpoint's tasks. {@link #credentials} fails with
 * {@link org.poq.wallet.WalletLockedException} when the wallet has locked since serving started:
 * nothing is signed then.
 */
public interface Signer {
    /** The paying account's address (shown to the user; never a secret). */
    String address();

    /** True while the server may sign (the wallet is unlocked). */
    boolean canSign();

    /** The key to sign one round with; ask again for each round, never keep it across requests. */
    Credentials credentials();
}
