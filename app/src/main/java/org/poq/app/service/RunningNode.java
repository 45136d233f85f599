package org.poq.app.service;

import java.util.function.Consumer;
import org.poq.network.node.Participation;

/** A started miner or validator node, whatever does its work. Listeners are called on node threads. */
public interface RunningNode extends AutoCloseable {
    String address();

    void onChange(Consumer<Participation> listener);

    void onError(Consumer<Exception> listener);

    /**
     * Hears what stops the node from serving, in plain words, once per change: no longer registered, the
     * chain reset with no contracts, and the end of each (the operator's status line, not an error).
     */
    void onStanding(Consumer<String> listener);

    /** Generated text as it streams; validators never call it. */
    default void onTokens(Consumer<String> listener) {
    }

    @Override
    void close();
}
