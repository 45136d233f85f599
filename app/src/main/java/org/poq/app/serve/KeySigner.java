package org.poq.app.serve;

import org.web3j.crypto.Credentials;

/** Signs with a key given on the command line (a key file, or a local devnet test account): never locks. */
public final class KeySigner implements Signer {
    private final Credentials credentials;

    public KeySigner(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String address() {
        return credentials.getAddress();
    }

    @Override
    public boolean canSign() {
        return true;
    }

    @Override
    public Credentials credentials() {
        return credentials;
    }
}
