package org.poq.app.gui.miner;

import org.poq.app.gui.shell.ParticipantNode;
import org.poq.app.gui.shell.RunningNode;
import org.poq.core.db.Database;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.service.MinerService;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;

/**
 * Miner nodes that answer with a GGUF model in the llama.cpp worker process. The engine lives as long
 * as the app, so a crash of the native code takes down the worker only, and a stop/start keeps it.
 */
public final class EngineMinerNodes implements MinerNodes {
    private InferenceEngine engine;

    @Override
    public String describe(Setup setup) {
        return setup.modelFile() == null ? "llama.cpp (choose a model)" : "llama.cpp: " + setup.modelName();
    }

    @Override
    public synchronized RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup) {
        if (setup.modelFile() == null) {
            throw new IllegalArgumentException("choose a model from the library first");
        }
        if (engine == null) {
            engine = new InferenceEngine(EngineConfig.defaults());
        }
        LoadedModel model = engine.load(ModelSpec.of(setup.modelFile()));
        MinerService service = MinerService.start(network, credentials, db, engine, model,
                MinerService.Config.of(setup.modelFamily(), setup.modelId(), setup.stake()));
        return new ParticipantNode(service.address(), service::onChange, service::onError, service::onTokens, service::close);
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
