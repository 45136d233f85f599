package org.poq.miner.library;

import org.poq.core.Sha256;

/** Downloaded bytes whose SHA-256 is not the one the catalog promised: the file was discarded. */
public class ChecksumMismatchException extends LibraryException {
    private final Sha256 expected;
    private final Sha256 actual;

    public ChecksumMismatchException(Sha256 expected, Sha256 actual) {
        super("the download is corrupt: its SHA-256 is " + actual + " but " + expected
                + " was expected; it was discarded");
        this.expected = expected;
        this.actual = actual;
    }

    public Sha256 expected() {
        return expected;
    }

    public Sha256 actual() {
        return actual;
    }
}
