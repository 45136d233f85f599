package org.poq.app.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.poq.core.TaskId;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.engine.AuditHandle;
import org.poq.miner.engine.AuditRequest;
import org.poq.miner.engine.AuditResult;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.EngineException;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.service.MinerService;
import org.poq.miner.service.TaskSampling;
import org.poq.network.events.Audit;
import org.poq.network.PoqNetwork;
import org.poq.network.node.AnswerAuditor;
import org.poq.network.node.ChainClock;
import org.poq.network.node.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator's audit by replay of every answer of its tasks (docs/decisions/0043), on the family's GGUF
 * in the miner engine's worker process (the same cancel, crash and hang handling as a generation): the
 * question rendered as a miner renders it, each answer's revealed tokens replayed under
 * samplingSeed(taskId, miner) and the task's sampling settings. A task of another family is abstained.
 * Audits stop {@link #RESERVE} before the commit deadline: an answer whose audit has not finished (or
 * started) by then is abstained, so the scores and the audits done are still committed. Without that
 * budget one slow replay made the deadline's watchdog cancel the whole commit, and the validator was
 * penalised as absent for the audits it had volunteered.
 */
public final class TaskAuditor implements AnswerAuditor, AutoCloseable {
    /** One replay the node ran, for the Validator screen and the log. */
    public record Done(TaskId taskId, int answer, String miner, AuditResult result) {
    }

    /**
     * What a validator audits with: the family tasks name (the miners' --model-family), the family's GGUF,
     * and the engine that replays on it. {@code poq node --audit-model} and the Validator screen give one.
     */
    public record Setup(String family, Path gguf, EngineConfig config, int threads) {
        /** Refuses, in words and before any chain is reached, a file that is not there or no family. */
        public Setup {
            if (gguf == null || !Files.isRegularFile(gguf)) {
                throw new IllegalArgumentException("no such audit model file: " + gguf + " (give the GGUF of the family "
                        + "the tasks name)");
            }
            if (family == null || family.isBlank()) {
                throw new IllegalArgumentException("name the model family the audit model serves (as miners register it)");
            }
        }
    }

    /** Time kept before the commit deadline for encoding and sending the commit (the watchdog fires 1 s before it). */
    public static final Duration RESERVE = Duration.ofSeconds(4);
    private static final Logger LOG = LoggerFactory.getLogger(TaskAuditor.class);

    private final PoqNetwork network;
    private final ChainClock clock;
    private final String family;
    private final InferenceEngine engine;
    private final LoadedModel model;
    private final List<Consumer<Done>> listeners = new CopyOnWriteArrayList<>();

    private TaskAuditor(PoqNetwork network, String family, InferenceEngine engine, LoadedModel model) {
        this.network = network;
        this.clock = new ChainClock(network);
        this.family = family;
        this.engine = engine;
        this.model = model;
    }

    /** Loads the audit model; the family is the name tasks give it on chain (the miners' --model-family). */
    public static TaskAuditor open(PoqNetwork network, String family, Path gguf, EngineConfig config, int threads) {
        return open(network, new Setup(family, gguf, config, threads));
    }

    public static TaskAuditor open(PoqNetwork network, Setup setup) {
        Path gguf = setup.gguf();
        String family = setup.family();
        InferenceEngine engine = new InferenceEngine(setup.config());
        try {
            LoadedModel model = engine.load(ModelSpec.of(gguf).withThreads(setup.threads()));
            if (model.chatFamily() == ChatFamily.UNKNOWN) {
                throw new IllegalArgumentException("the audit model " + gguf.getFileName() + " has a chat template PoQ "
                        + "cannot apply, so a miner's prompt cannot be rebuilt to replay its answers");
            }
            return new TaskAuditor(network, family, engine, model);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public String family() {
        return family;
    }

    public void onAudit(Consumer<Done> listener) {
        listeners.add(listener);
    }

    @Override
    public List<Audit> audit(TaskContext task) {
        List<Audit> out = new ArrayList<>();
        boolean ours = family.equals(task.modelFamily());
        List<PromptPart> prompt = ours ? MinerService.renderPrompt(model.prompt(), MinerService.SYSTEM_PROMPT, task.prompt())
                : List.of();
        ChainClock.Reading now = ours && !task.commitDeadline().equals(Instant.MAX) ? clock.read() : null;
        for (int i = 0; i < task.answers().size(); i++) {
            String answer = task.answers().get(i);
            if (!ours || answer == null || i >= task.miners().size()) {
                out.add(Audit.ABSTAIN);
                continue;
            }
            String miner = task.miners().get(i);
            AuditRequest request = new AuditRequest(prompt, answer, task.tokensOf(i),
                    TaskSampling.settings(network.samplingSeed(task.taskId(), miner)), model.prompt().stopStrings(),
                    task.maxAnswerBytes());
            Optional<AuditResult> finished = awaitWithin(engine.audit(request), task.commitDeadline(), now);
            if (finished.isEmpty()) {
                LOG.info("task {}: answer {} abstained: its audit would not finish before the commit deadline", task.taskId(), i);
                out.add(Audit.ABSTAIN);
                continue;
            }
            AuditResult result = finished.get();
            if (result.cancelled()) {
                throw new EngineException("the audit of task " + task.taskId() + " was cancelled before it finished");
            }
            Done done = new Done(task.taskId(), i, miner, result);
            listeners.forEach(l -> l.accept(done));
            out.add(new Audit(result.verdict() == AuditResult.Verdict.PASS ? Audit.Verdict.PASS : Audit.Verdict.FAIL,
                    result.mismatches()));
        }
        return out;
    }

    /**
     * The audit's verdict if it comes {@link #RESERVE} before the commit deadline by the chain's clock
     * ({@code chain}: read once for the task; null without a deadline), else empty.
     */
    private static Optional<AuditResult> awaitWithin(AuditHandle handle, Instant commitDeadline, ChainClock.Reading chain) {
        if (chain == null) {
            return Optional.of(handle.await());
        }
        return handle.await(Duration.between(chain.now(), commitDeadline.minus(RESERVE)));
    }

    @Override
    public void close() {
        engine.close();
    }
}
