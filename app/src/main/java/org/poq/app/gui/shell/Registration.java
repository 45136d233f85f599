package org.poq.app.gui.shell;

import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;

/** Registers an account in the role a node is started in, unless it already is registered so. */
public final class Registration {
    private Registration() {
    }

    public static void ensureMiner(PoqNetwork network, Credentials c, String family, Sha256 model, TokenAmount stake) {
        NodeInfo info = network.node(c.getAddress());
        if (info.role() == NodeRole.VALIDATOR) {
            throw new IllegalStateException("this account is registered as a validator; a miner needs an account of its own");
        }
        if (info.role() == NodeRole.NONE || !family.equals(info.modelFamily())) {
            network.session(c).registerMiner(family, model, missing(info, stake));
        }
    }

    public static void ensureValidator(PoqNetwork network, Credentials c, Sha256 evaluator, TokenAmount stake) {
        NodeInfo info = network.node(c.getAddress());
        if (info.role() == NodeRole.MINER) {
            throw new IllegalStateException("this account is registered as a miner; a validator needs an account of its own");
        }
        if (info.role() == NodeRole.NONE) {
            network.session(c).registerValidator(evaluator, missing(info, stake));
        }
    }

    private static TokenAmount missing(NodeInfo info, TokenAmount stake) {
        return info.stake().compareTo(stake) >= 0 ? TokenAmount.ZERO : stake.minus(info.stake());
    }
}
