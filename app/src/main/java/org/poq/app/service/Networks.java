package org.poq.app.service;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.poq.core.AppPaths;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalDevnet;

/**
 * The one factory for networks, for the window and every command: the local devnet of a data folder
 * (with the evaluators that ship with the app), a descriptor file, or an RPC URL to the devnet's
 * deployment, and the connection that checks the node answers.
 */
public final class Networks {
    private Networks() {
    }

    /** The evaluators a new local network knows from the start: the ones that ship with the app. */
    public static List<Deployer.EvaluatorEntry> bundledEvaluators() {
        return List.of(new Deployer.EvaluatorEntry(DefaultEvaluator.id(), DefaultEvaluator.BUNDLED.name().toLowerCase()));
    }

    /** The data folder's local devnet (not started). */
    public static LocalDevnet localDevnet(AppPaths paths) {
        return new LocalDevnet(paths, bundledEvaluators());
    }

    /** The descriptor a choice names; the local devnet is started (under its lock) if it does not run. */
    public static NetworkDescriptor resolve(AppPaths paths, NetworkChoice choice) {
        return switch (choice.kind()) {
            case LOCAL_DEVNET -> localDevnet(paths).start();
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

    /**
     * Connects to the descriptor's nodes without reading from them yet: a command reports an
     * unreachable node at its first read, in its own words.
     */
    public static PoqNetwork open(NetworkDescriptor descriptor) {
        return PoqNetwork.connect(descriptor);
    }

    /** Connects and checks that the node answers (reads the block height). */
    public static PoqNetwork connect(NetworkDescriptor descriptor, long pollMillis) {
        PoqNetwork next = PoqNetwork.connect(descriptor, pollMillis);
        try {
            next.blockNumber();
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        return next;
    }
}
