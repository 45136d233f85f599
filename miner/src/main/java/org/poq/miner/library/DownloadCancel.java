package org.poq.miner.library;

/** Lets a user stop a running download (the window's cancel button); the partial file is removed. */
public final class DownloadCancel {
    private volatile boolean cancelled;
    private volatile Runnable onCancel = () -> { };

    public void cancel() {
        cancelled = true;
        onCancel.run();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** What a cancel must also do right away (close the connection a read is blocked on). */
    void onCancel(Runnable action) {
        onCancel = action;
        if (cancelled) {
            action.run();
        }
    }
}
