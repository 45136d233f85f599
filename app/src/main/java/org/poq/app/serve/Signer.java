package org.poq.app.serve;

import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;

/**
 * Whose account pays for the endpoint's tasks. {@link #session} fails with
 * {@link org.poq.wallet.WalletLockedException} when the wallet has locked since the server started:
 * nothing is signed then.
 */
public interface Signer {
    /** The paying account's address (shown to the user; never a secret). */
    String address();

    /** True while the server may sign (the wallet is unlocked). */
    boolean canSign();

    /** A session that signs as {@link #address()}; call per action, never keep it across requests. */
    PoqSession session(PoqNetwork network);
}
