package org.poq.app.gui.miner;

import org.poq.app.gui.shell.RunningNode;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;

/** How the miner screen starts a node: the llama.cpp engine in the app, a plain function in tests. */
public interface MinerNodes extends AutoCloseable {
    record Setup(String modelFamily, Sha256 modelId, String modelName, java.nio.file.Path modelFile, TokenAmount stake) {
    }

    /** What answers the prompts, for the screen ("llama.cpp: model.gguf"). */
    String describe(Setup setup);

    /** Registers the account if needed and starts the node. Blocking: model load and transactions. */
    RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup);

    @Override
    default void close() {
    }
}
