package org.poq.app.gui.shell;

import java.util.List;
import java.util.Optional;
import org.poq.app.service.NodeLauncher;
import org.poq.network.NodeRole;

/**
 * What closing the window means for the nodes that run in it. Quitting stops them (demo nodes are
 * also taken out of the draw, so no ask waits for them); keeping them runs the app on without its
 * window until the process is stopped, so the user's nodes keep earning.
 */
public final class QuitCheck {
    private QuitCheck() {
    }

    /** The question to ask before closing, or empty when no node runs. */
    public static Optional<String> question(AppContext ctx) {
        List<NodeLauncher.Started> running = ctx.runningNodes();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        long miners = running.stream().filter(s -> s.role() == NodeRole.MINER).count();
        long validators = running.size() - miners;
        return Optional.of(running.size() + " node(s) run in this window (" + miners + " miner(s), " + validators
                + " validator(s)). Stop them and quit (demo nodes are also taken out of the draw), or keep them"
                + " running without the window (stop them later with kill " + ProcessHandle.current().pid() + ")?");
    }
}
