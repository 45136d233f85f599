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

    /**
     * Asks for {@code count} empty blocks at once (anvil_mine, hardhat_mine; one evm_mine each on Ganache);
     * false when the node does not mine on request.
     */
    boolean mine(long count) {
        if (count <= 0 || refused) {
            return !refused;
        }
        String hex = "0x" + Long.toHexString(count);
        for (String method : new String[] {"anvil_mine", "hardhat_mine"}) {
            try {
                chain.rpc(method, hex);
                return true;
            } catch (IllegalStateException e) {
                LOG.debug("{} is not offered ({}); trying the next way", method, e.getMessage());
            }
        }
        for (long i = 0; i < count; i++) {
            if (!nudge()) {
                return false;
            }
        }
        return true;
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
