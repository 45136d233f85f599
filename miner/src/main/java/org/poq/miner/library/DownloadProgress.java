package org.poq.miner.library;

import java.util.function.LongUnaryOperator;

/** Told as bytes arrive; called on the downloading thread. */
@FunctionalInterface
public interface DownloadProgress {
    DownloadProgress NONE = (done, total) -> { };

    /** @param totalBytes the whole file's size, or -1 while the server has not said */
    void update(long bytesDone, long totalBytes);

    /**
     * Told when a connection broke or stalled and the download tries again, so a face can say so
     * instead of showing a bar that stopped moving.
     *
     * @param reason why the last attempt ended, in words
     * @param withoutByte attempts in a row that brought no byte so far (0 when the last one brought some);
     *        the download gives up when it reaches {@code maxAttempts}
     */
    default void retrying(long bytesDone, long totalBytes, String reason, int withoutByte, int maxAttempts) {
    }

    /** This progress with every byte count shifted by offset and the total replaced (parts of a split model). */
    default DownloadProgress shifted(long offset, LongUnaryOperator total) {
        DownloadProgress outer = this;
        return new DownloadProgress() {
            @Override
            public void update(long bytesDone, long totalBytes) {
                outer.update(offset + bytesDone, total.applyAsLong(totalBytes));
            }

            @Override
            public void retrying(long bytesDone, long totalBytes, String reason, int withoutByte, int maxAttempts) {
                outer.retrying(offset + bytesDone, total.applyAsLong(totalBytes), reason, withoutByte, maxAttempts);
            }
        };
    }
}
