package org.poq.app.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.poq.core.db.Database;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.service.MinerService;
import org.poq.miner.service.MinerSettings;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;

/**
 * Miner nodes that answer with a GGUF model in the llama.cpp worker process, through
 * {@link MinerService}. The engine lives as long as its owner (the app, `poq node`, the demo), so a
 * crash of the native code takes down the worker only, a stop/start keeps it, and miners that serve
 * the same file share one loaded model.
 */
public final class EngineMinerNodes implements MinerNodes {
    private final UnaryOperator<ModelSpec> tuning;
    private final ChatFamily chatFormat;
    private final EngineConfig config;
    private final List<Consumer<GenerationResult>> answerListeners = new CopyOnWriteArrayList<>();
    private InferenceEngine engine;
    private volatile LoadedModel loaded; // read by describe() on the UI thread without the lock
    private ModelSpec loadedSpec;
    private LoadedModel loadedBase;

    public EngineMinerNodes() {
        this(UnaryOperator.identity());
    }

    /** {@code tuning} sets threads, GPU layers or context size on each model's spec. */
    public EngineMinerNodes(UnaryOperator<ModelSpec> tuning) {
        this(tuning, null);
    }

    /** @param chatFormat the prompt format a user chose for a model whose template is not recognised; null: the file's */
    public EngineMinerNodes(UnaryOperator<ModelSpec> tuning, ChatFamily chatFormat) {
        this(tuning, chatFormat, EngineConfig.defaults());
    }

    /** @param config the engine's settings ({@code poq node --hang-timeout}) */
    public EngineMinerNodes(UnaryOperator<ModelSpec> tuning, ChatFamily chatFormat, EngineConfig config) {
        this.tuning = tuning;
        this.chatFormat = chatFormat;
        this.config = config;
    }

    /** Every answer of every miner started here, with llama.cpp's own timing. */
    public void onAnswer(Consumer<GenerationResult> listener) {
        answerListeners.add(listener);
    }

    @Override
    public String describe(Setup setup) {
        if (setup.modelFile() == null) {
            return "llama.cpp (choose a model)";
        }
        // once loaded, where it runs: "CPU" or "GPU CUDA0 (NVIDIA ...) (33/33 layers)"; never waits for a load
        LoadedModel m = loaded;
        return "llama.cpp: " + setup.modelName() + (m != null && m.spec().file().equals(setup.modelFile())
                ? " on " + m.backend() + ", context " + m.spec().contextSize() : "");
    }

    @Override
    public synchronized RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup) {
        LoadedModel model = load(setup);
        // each miner's answers differ by its own sampling seed (its address), not by a setting
        MinerService service = MinerService.start(network, credentials, db, engine, model,
                MinerService.Config.of(setup.modelFamily(), setup.modelId(), setup.stake()));
        answerListeners.forEach(service::onAnswer);
        return new ParticipantNode(service.address(), service::onChange, service::onError, service::onStanding, service::onTokens,
                service::close);
    }

    /** The loaded model for the setup's file: loaded once, shared by every miner that serves it. */
    public synchronized LoadedModel load(Setup setup) {
        if (setup.modelFile() == null) {
            throw new IllegalArgumentException("choose a model from the library first");
        }
        if (engine == null) {
            engine = new InferenceEngine(config);
        }
        EngineSettings.Choice choice = setup.engine();
        ModelSpec spec = choice != null
                // the user's settings (the Miner screen), checked by EngineSettings as poq node's are
                ? MinerSettings.spec(setup.modelFile(), choice.context(), choice.threads(), choice.gpuLayers())
                // the default context is the model's own (at most 4096), all layers on a GPU when there is one
                : tuning.apply(MinerSettings.spec(setup.modelFile(), null, ModelSpec.of(setup.modelFile()).threads(),
                        ModelSpec.ALL_LAYERS));
        ChatFamily format = choice != null && choice.chatFormat() != null ? choice.chatFormat() : chatFormat;
        if (loadedBase == null || !spec.equals(loadedSpec)) {
            loadedBase = engine.load(spec);
            loadedSpec = spec;
        }
        // a chosen format only changes how prompts are rendered: the loaded model stays
        loaded = format != null ? loadedBase.withChatFamily(format) : loadedBase;
        return loaded;
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
            engine = null;
            loaded = null;
            loadedSpec = null;
            loadedBase = null;
        }
    }
}
