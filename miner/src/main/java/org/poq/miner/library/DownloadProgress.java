package org.poq.miner.library;

/** Told as bytes arrive; called on the downloading thread. */
@FunctionalInterface
public interface DownloadProgress {
    DownloadProgress NONE = (done, total) -> { };

    /** @param totalBytes the whole file's size, or -1 while the server has not said */
    void update(long bytesDone, long totalBytes);
}
