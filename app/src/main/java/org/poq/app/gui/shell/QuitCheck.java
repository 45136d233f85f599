package org.poq.app.gui.shell;

import java.util.List;
import java.util.Optional;
import org.poq.app.service.NodeLauncher;

/**
 * What closing the window means for the nodes that run in it. Quitting stops them (demo nodes are
 * also taken out of the draw, so no ask waits for them); keeping them runs the app on without its
 * window until the process is stopped, so the user's nodes keep earning.
 */
public final class QuitCheck {
    private QuitCheck() {
    }

    /** The question to ask before closing, or empty when no node runs and no endpoint serves. */
    public static Optional<String> question(AppContext ctx) {
        return question(ctx.runningNodes(), ctx.serving());
    }

    static Optional<String> question(List<NodeLauncher.Started> running, List<String> serving) {
        String endpoint = serving.isEmpty() ? "" : "The endpoint at " + String.join(", ", serving) + " is serving requests. ";
        if (running.isEmpty()) {
            return serving.isEmpty() ? Optional.empty() : Optional.of(endpoint + "Quitting stops it: apps that use it get no answers.");
        }
        long miners = running.stream().filter(s -> s.role() == NodeLauncher.Role.MINER).count();
        long validators = running.size() - miners;
        return Optional.of(running.size() + " node(s) run in this window (" + miners + " miner(s), " + validators
                + " validator(s)). " + endpoint + "Stop them and quit (demo nodes are also taken out of the draw), or keep"
                + (serving.isEmpty() ? " them" : " the nodes and the endpoint")
                + " running in the background until you log out; opening PoQ Desktop again shows them stopped.");
    }
}
