package org.poq.core.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Runs background work (RPC, SQLite, key derivation, inference, scoring) off the UI thread. */
public interface TaskRunner extends AutoCloseable {
    <T> CompletableFuture<T> submit(String name, Callable<T> work);

    @Override
    void close();
}
