package org.poq.app.service;

import java.util.function.Consumer;
import org.poq.network.node.Participation;

/** A started miner or validator node, whatever does its work. Listeners are called on node threads. */
public interface RunningNode extends AutoCloseable {
    String address();

    void onChange(Consumer<Participation> listener);

    void onError(Consumer<Exception> listener);

    /** Generated text as it streams; validators never call it. */
    default void onTokens(Consumer<String> listener) {
    }

    @Override
    void close();
}
