package org.poq.app.gui.shell;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.poq.app.service.NetworkChoice;
import org.poq.app.service.Networks;
import org.poq.core.AppPaths;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;

/**
 * The window's one connection to a PoQ network, made by {@link Networks} as every command's is. {@link #connect} blocks (it may start anvil): call it
 * from background work. Listeners hear about a new connection on the thread that made it.
 */
public final class Connection implements AutoCloseable {
    private final AppPaths paths;
    private final List<Consumer<PoqNetwork>> listeners = new CopyOnWriteArrayList<>();
    private volatile PoqNetwork network;

    public Connection(AppPaths paths) {
        this.paths = paths;
    }

    public NetworkDescriptor resolve(NetworkChoice choice) {
        return Networks.resolve(paths, choice);
    }

    /** Connects and checks the node answers (reads the block height); the previous connection is closed. */
    public PoqNetwork connect(NetworkChoice choice) {
        return use(resolve(choice));
    }

    public PoqNetwork use(NetworkDescriptor descriptor) {
        PoqNetwork next = Networks.connect(descriptor, 200);
        PoqNetwork previous = network;
        network = next;
        if (previous != null) {
            previous.close();
        }
        listeners.forEach(l -> l.accept(next));
        return next;
    }

    public Optional<PoqNetwork> current() {
        return Optional.ofNullable(network);
    }

    public PoqNetwork require() {
        PoqNetwork n = network;
        if (n == null) {
            throw new IllegalStateException("not connected to a network yet");
        }
        return n;
    }

    public void onConnected(Consumer<PoqNetwork> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        PoqNetwork n = network;
        network = null;
        if (n != null) {
            n.close();
        }
    }
}
