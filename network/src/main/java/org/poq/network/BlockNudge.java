package org.poq.network;

import org.poq.network.chain.ChainClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one block appear on a chain that mines only when a transaction comes (anvil, Hardhat and
 * Ganache with instant mining): the draw of a task needs the block after its submission to exist, and
 * nothing else may come. Development nodes offer evm_mine; a real chain refuses it (method not found),
 * is remembered as one that mines by itself, and is never asked again.
 */
final class BlockNudge {
    private static final Logger LOG = LoggerFactory.getLogger(BlockNudge.class);

    private final ChainClient chain;
    private volatile boolean refused;

    BlockNudge(ChainClient chain) {
        this.chain = chain;
    }

    /** Asks for one block; false when the node does not mine on request (then blocks come by themselves). */
    boolean nudge() {
        if (refused) {
            return false;
        }
        try {
            chain.rpc("evm_mine");
            return true;
        } catch (IllegalStateException e) { // the node answered with an error: it does not mine on request
            refused = true;
            LOG.debug("the node does not mine on request ({}); waiting for its own blocks", e.getMessage());
            return false;
        }
    }
}
