package org.poq.miner.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.chat.ChatMessage;
import org.poq.miner.chat.PromptFormat;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.TokenListener;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.node.MinerWork;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.TaskContext;
import org.poq.network.node.TaskDeclinedException;
import org.web3j.crypto.Credentials;

/**
 * The miner node: registers with stake and its declared model, answers every task it is selected for
 * with the loaded llama.cpp model (the prompt rendered with the model's chat template), and keeps a
 * receipt per job. Commit, reveal and crash recovery are the participant service's.
 */
public final class MinerService implements AutoCloseable {
    /** The system prompt every miner renders before a task's question; an auditor renders the same. */
    public static final String SYSTEM_PROMPT = "You are a helpful, accurate assistant. Answer concisely.";

    /**
     * Tokens of the context kept for the chat template's own tokens: the miner registers the rest as what it
     * holds of prompt and answer, and the draw gives it only tasks that fit (protocol v3).
     */
    public static final int TEMPLATE_RESERVE_TOKENS = 64;

    /** No seed here: a task's answers are drawn under the task's own seed (see {@link TaskSampling}). */
    public record Config(String modelFamily, Sha256 modelId, TokenAmount stake, String systemPrompt,
                         ParticipantService.Options options) {
        public static Config of(String modelFamily, Sha256 modelId, TokenAmount stake) {
            return new Config(modelFamily, modelId, stake, SYSTEM_PROMPT, ParticipantService.Options.servingNode());
        }

        public Config withOptions(ParticipantService.Options o) {
            return new Config(modelFamily, modelId, stake, systemPrompt, o);
        }
    }

    private final PoqNetwork network;
    private final TimelyGeneration generation;
    private final LoadedModel model;
    private final Config config;
    private final int maxAnswerBytes;
    private final MinerJobStore jobs;
    private final ParticipantService node;
    private final List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<GenerationResult>> answerListeners = new CopyOnWriteArrayList<>();

    private MinerService(PoqNetwork network, Credentials credentials, Database db, InferenceEngine engine,
                         LoadedModel model, Config config) {
        this.network = network;
        this.generation = new TimelyGeneration(engine, Clock.systemUTC());
        this.model = model;
        this.config = config;
        this.maxAnswerBytes = network.descriptor().params().maxAnswerBytes();
        ParticipationJournal journal = new ParticipationJournal(db);
        this.jobs = new MinerJobStore(db, journal);
        this.node = ParticipantService.miner(network, credentials, journal, MinerWork.ofDrawn(this::answer), config.options());
    }

    /** Registers the account as a miner if it is not one yet, then starts following the network. */
    public static MinerService start(PoqNetwork network, Credentials credentials, Database db, InferenceEngine engine,
                                     LoadedModel model, Config config) {
        if (!model.prompt().usable()) {
            throw new IllegalArgumentException("the model " + model.spec().file().getFileName() + " has a chat template "
                    + "PoQ cannot apply (" + model.prompt().description() + "); choose its format ("
                    + ChatFamily.choices() + ") before mining with it");
        }
        ensureRegistered(network, credentials, config, model.spec().contextSize() - TEMPLATE_RESERVE_TOKENS);
        MinerService service = new MinerService(network, credentials, db, engine, model, config);
        service.node.start();
        return service;
    }

    /** Registers the account as a miner of the config's model, topping the stake up, unless it already is one. */
    public static void ensureRegistered(PoqNetwork network, Credentials credentials, Config config, int contextTokens) {
        NodeInfo info = network.node(credentials.getAddress());
        if (info.role() == NodeRole.VALIDATOR) {
            throw new IllegalStateException("account " + credentials.getAddress() + " is registered as a validator; "
                    + "a miner needs an account of its own");
        }
        // a context that changed since the registration is declared again: the draw must not give this
        // miner tasks it can no longer hold (protocol v3), and a miner is never slashed for one
        if (info.role() == NodeRole.NONE || !info.modelFamily().equals(config.modelFamily())
                || network.contextTokens(credentials.getAddress()) != contextTokens) {
            boolean moving = info.role() == NodeRole.MINER && !info.modelFamily().equals(config.modelFamily());
            TokenAmount missing = info.stakeToAdd(config.stake(), moving);
            network.session(credentials).registerMiner(config.modelFamily(), config.modelId(), contextTokens, missing);
        }
    }

    private MinerWork.Drawn answer(TaskContext task) throws TaskDeclinedException {
        List<PromptPart> prompt = renderPrompt(model.prompt(), config.systemPrompt(), task.prompt());
        // drawn under the chain's seed for this task and miner, so an auditor can replay it (and a restart
        // redraws the same answer)
        GenerationRequest request = GenerationRequest.ofParts(prompt).withMaxTokens(task.maxTokens())
                .withMaxBytes(Math.min(maxAnswerBytes, task.maxAnswerBytes())) // the chain's limit, as the task states it
                .withSampling(TaskSampling.settings(network.samplingSeed(task.taskId(), node.address())))
                .withStopStrings(model.prompt().stopStrings());
        TokenListener listener = piece -> tokenListeners.forEach(l -> l.accept(piece));
        GenerationResult result = generation.generate(request, task.commitDeadline(), listener);
        jobs.record(node.address(), task.taskId(), result);
        answerListeners.forEach(l -> l.accept(result));
        // the tokens go with the reveal: auditors replay them (the text alone may tokenize otherwise)
        return new MinerWork.Drawn(result.text().strip(), result.tokens());
    }

    /**
     * The prompt a miner answers: the system prompt and the task's question in the model's chat format.
     * The question is literal: control tokens typed into it are text, not turn markers. An auditor
     * replays an answer after exactly this prompt.
     */
    public static List<PromptPart> renderPrompt(PromptFormat format, String systemPrompt, String question) {
        List<ChatMessage> messages = new ArrayList<>();
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.add(ChatMessage.system(systemPrompt));
        }
        messages.add(ChatMessage.user(question));
        return format.renderParts(messages);
    }

    /** Each finished generation, with llama.cpp's own timing (tokens/s), on the node's worker thread. */
    public void onAnswer(Consumer<GenerationResult> listener) {
        answerListeners.add(listener);
    }

    /** Generated text as it streams (on the engine's thread: batch it before it reaches a UI). */
    public void onTokens(Consumer<String> listener) {
        tokenListeners.add(listener);
    }

    public void onChange(Consumer<Participation> listener) {
        node.onChange(listener);
    }

    public void onError(Consumer<Exception> listener) {
        node.onError(listener);
    }

    /** What stops the node from serving, in plain words, once per change ({@link ParticipantService#onStanding}). */
    public void onStanding(Consumer<String> listener) {
        node.onStanding(listener);
    }

    public List<MinerJob> jobs() {
        return jobs.jobs(node.address());
    }

    public String address() {
        return node.address();
    }

    /**
     * What this node can serve: the context it loaded (prompt and answer together). Protocol v3's
     * registration declares it, so that the draw sends this node only tasks it can answer.
     */
    public int contextTokens() {
        return model.spec().contextSize();
    }

    @Override
    public void close() {
        node.close();
        generation.close();
    }
}
