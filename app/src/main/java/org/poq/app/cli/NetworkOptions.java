package org.poq.app.cli;

import java.nio.file.Path;
import org.poq.app.service.Networks;
import org.poq.core.AppPaths;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import picocli.CommandLine.Option;

/** Which network a command talks to: a descriptor file, or by default the local devnet (started if needed). */
final class NetworkOptions {
    @Option(names = "--network", paramLabel = "FILE",
            description = "Network descriptor (JSON) of the network to use; default: the local devnet, started if needed.")
    Path descriptor;

    NetworkDescriptor resolve() {
        if (descriptor != null) {
            return NetworkDescriptor.read(descriptor);
        }
        return Networks.localDevnet(AppPaths.fromEnvironment()).start();
    }

    /** Connects to the chosen network through {@link Networks}, the app's one way in. */
    PoqNetwork connect() {
        return Networks.open(resolve());
    }

    boolean isDevnet() {
        return descriptor == null;
    }
}
