package org.poq.app.gui.shell;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.poq.core.AppPaths;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalDevnet;

/**
 * The app's one connection to a PoQ network. {@link #connect} blocks (it may start anvil): call it
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
        return switch (choice.kind()) {
            case LOCAL_DEVNET -> new LocalDevnet(paths, List.of(LocalDevnet.evaluator(DefaultEvaluator.id(), "all-MiniLM-L6-v2"))).start();
            case DESCRIPTOR_FILE -> {
                if (choice.value().isBlank()) {
                    throw new IllegalArgumentException("choose a network descriptor file");
                }
                Path file = Path.of(choice.value());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no descriptor file at " + file);
                }
                yield NetworkDescriptor.read(file);
            }
            case RPC_URL -> {
                String url = choice.value();
                URI uri;
                try {
                    uri = URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("not a URL: " + url);
                }
                if (uri.getScheme() == null || !(uri.getScheme().startsWith("http") || uri.getScheme().startsWith("ws"))) {
                    throw new IllegalArgumentException("an RPC URL starts with http://, https:// or ws://: " + url);
                }
                Optional<NetworkDescriptor> known = new LocalDevnet(paths, List.of()).descriptor();
                yield known.orElseThrow(() -> new IllegalArgumentException(
                        "an RPC URL needs a known deployment: start the local devnet once or choose a descriptor file")).withRpcUrl(url);
            }
        };
    }

    /** Connects and checks the node answers (reads the block height); the previous connection is closed. */
    public PoqNetwork connect(NetworkChoice choice) {
        return use(resolve(choice));
    }

    public PoqNetwork use(NetworkDescriptor descriptor) {
        PoqNetwork next = PoqNetwork.connect(descriptor, 200);
        try {
            next.blockNumber();
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
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
