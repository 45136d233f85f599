package org.poq.miner.library;

import java.nio.file.Path;

/**
 * A download that ran out of attempts on a broken or silent connection: unlike a refusal or a wrong
 * hash, what arrived is sound and stays in its part file, from which the same pull resumes.
 */
public final class StalledDownloadException extends LibraryException {
    private final Path kept;

    StalledDownloadException(String message, Path kept, Throwable cause) {
        super(message, cause);
        this.kept = kept;
    }

    /** The part file kept for the next resume. */
    public Path kept() {
        return kept;
    }
}
