package org.poq.app.service;

import java.nio.file.Path;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;

/** What answers a miner node's prompts: the llama.cpp engine in every face ({@link EngineMinerNodes}). */
public interface MinerNodes extends AutoCloseable {
    /**
     * The model a miner serves; {@code seed} varies the answers of miners that share one model file;
     * {@code engine} the user's GPU layers, context, threads and chat format (null: the engine's defaults).
     */
    record Setup(String modelFamily, Sha256 modelId, String modelName, Path modelFile, TokenAmount stake, long seed,
                 EngineSettings.Choice engine) {
        public Setup(String modelFamily, Sha256 modelId, String modelName, Path modelFile, TokenAmount stake, long seed) {
            this(modelFamily, modelId, modelName, modelFile, stake, seed, null);
        }

        public Setup(String modelFamily, Sha256 modelId, String modelName, Path modelFile, TokenAmount stake) {
            this(modelFamily, modelId, modelName, modelFile, stake, 42);
        }

        public Setup withEngine(EngineSettings.Choice choice) {
            return new Setup(modelFamily, modelId, modelName, modelFile, stake, seed, choice);
        }
    }

    /** What answers the prompts, for the screen ("llama.cpp: model.gguf"). */
    String describe(Setup setup);

    /** Registers the account if needed and starts the node. Blocking: model load and transactions. */
    RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup);

    @Override
    default void close() {
    }
}
