package org.poq.app.gui.validator;

import org.poq.app.gui.shell.RunningNode;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;

/** How the validator screen starts a node: the ONNX evaluator in the app, a plain function in tests. */
public interface ValidatorNodes extends AutoCloseable {
    record Setup(Sha256 evaluatorId, TokenAmount stake) {
    }

    String describe(Setup setup);

    /** Registers the account if needed and starts the node. Blocking: evaluator load and transactions. */
    RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup);

    @Override
    default void close() {
    }
}
