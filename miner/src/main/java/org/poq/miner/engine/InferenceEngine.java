package org.poq.miner.engine;

import org.poq.miner.gguf.SplitFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.gguf.GgufException;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryFit;

/**
 * Local LLM inference through llama.cpp, hosted in a worker process (see {@link
 * org.poq.miner.engine.worker.InferenceWorker}) so that a native abort, a hang or a model swap never
 * touches this process: a crash fails the running job and the worker is restarted with the same
 * model; a swap starts a fresh worker, which is the only way the binding's memory is really freed.
 *
 * <p>Loads and generations run one at a time, in order, on the engine's own thread; all public
 * methods may be called from any thread. {@link #load} blocks; {@link #generate} returns at once.
 */
public final class InferenceEngine implements AutoCloseable {
    private final EngineConfig config;
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "poq-inference");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private volatile WorkerProcess worker;
    private volatile LoadedModel loaded;
    private volatile boolean closed;
    private final Set<GenerationHandle> pending = ConcurrentHashMap.newKeySet();

    public InferenceEngine(EngineConfig config) {
        this.config = config;
    }

    /**
     * Loads a model into a fresh worker, replacing any model loaded before. The file is checked first
     * without loading it, so a truncated file, a non-GGUF file, an unsupported architecture or a missing
     * key is reported by name; anything llama.cpp still rejects is explained from its log.
     */
    public LoadedModel load(ModelSpec spec) {
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.read(spec.file());
        } catch (GgufException e) {
            throw new ModelLoadException("cannot load " + spec.file().getFileName() + ": " + e.getMessage(), e);
        }
        if (config.checkMemory()) {
            HardwareInfo hw;
            try {
                hw = HardwareInfo.detect();
            } catch (RuntimeException | LinkageError e) {
                hw = null; // a machine OSHI cannot read: llama.cpp's own allocation failure is the check left
            }
            if (hw != null) {
                try {
                    MemoryFit.require(metadata, spec.contextSize(), spec.gpuLayers(), hw);
                } catch (IllegalArgumentException e) {
                    throw new ModelLoadException("cannot load " + spec.file().getFileName() + ": " + e.getMessage(), e);
                }
            }
        }
        return await(jobs.submit(() -> loadInFreshWorker(spec, metadata)));
    }

    /** Loads without the Java-side check, so tests can reach llama.cpp's own load errors. */
    LoadedModel loadUnchecked(ModelSpec spec) {
        return await(jobs.submit(() -> loadInFreshWorker(spec, null)));
    }

    public Optional<LoadedModel> loadedModel() {
        return Optional.ofNullable(loaded);
    }

    /** Queues a generation on the loaded model; tokens reach the listener as they are made. */
    public GenerationHandle generate(GenerationRequest request, TokenListener listener) {
        return generate(request, listener, "");
    }

    /** As above; debugFault ("hang", "abort") makes a debug-enabled worker fail for real, for tests. */
    GenerationHandle generate(GenerationRequest request, TokenListener listener, String debugFault) {
        if (closed) {
            throw new EngineException("the inference engine is closed");
        }
        GenerationHandle handle = new GenerationHandle("g" + ids.incrementAndGet(), this::cancel);
        pending.add(handle);
        jobs.execute(() -> {
            try {
                runGeneration(handle, request, listener, debugFault);
            } catch (RuntimeException e) {
                handle.fail(e instanceof EngineException ee ? ee : new EngineException(String.valueOf(e), e));
            } finally {
                pending.remove(handle);
            }
        });
        return handle;
    }

    /** The worker's process id, while one runs. */
    public Optional<Long> workerPid() {
        WorkerProcess w = worker;
        return w != null && w.isAlive() ? Optional.of(w.pid()) : Optional.empty();
    }

    /** The devices the current worker's llama.cpp found, and GPU libraries that failed to load. */
    public Optional<String> backends() {
        WorkerProcess w = worker;
        return w == null ? Optional.empty() : Optional.of(w.backends());
    }

    /** How long the current worker took from launch to ready. */
    public Optional<Duration> workerStartupTime() {
        WorkerProcess w = worker;
        return w == null ? Optional.empty() : Optional.of(w.startupTime());
    }

    private void cancel(String id) {
        WorkerProcess w = worker;
        if (w != null) {
            w.send(new WorkerMessage.Cancel(id));
        }
    }

    private LoadedModel loadInFreshWorker(ModelSpec spec, ModelMetadata metadata) {
        stopWorker();
        loaded = null;
        List<Path> missing = SplitFiles.missing(spec.file());
        if (!missing.isEmpty()) {
            throw new ModelLoadException("cannot load " + spec.file().getFileName() + ": the model is split into "
                    + SplitFiles.parts(spec.file()).size() + " files and " + missing.size() + " are missing ("
                    + missing.get(0).getFileName() + (missing.size() > 1 ? ", ..." : "") + ")");
        }
        WorkerProcess w = WorkerProcess.start(config);
        worker = w;
        w.send(new WorkerMessage.Load(SplitFiles.parts(spec.file()).stream()
                .map(p -> p.toAbsolutePath().toString()).toList(), spec.contextSize(), spec.threads(), spec.gpuLayers()));
        WorkerMessage reply = nextMessage(w, config.loadTimeout());
        if (reply instanceof WorkerMessage.Loaded ok) {
            Backend backend = ok.offloadedLayers() > 0
                    ? new Backend(Backend.Kind.GPU, ok.device(), ok.offloadedLayers(), ok.totalLayers())
                    : Backend.cpu(ok.totalLayers());
            ModelMetadata checked = metadata != null ? metadata : ModelMetadata.read(spec.file());
            LoadedModel model = new LoadedModel(spec.withContextSize(ok.contextSize()), checked, backend,
                    Duration.ofNanos(ok.loadNanos()), w.pid());
            loaded = model;
            return model;
        }
        if (reply instanceof WorkerMessage.Error error) {
            stopWorker();
            throw new ModelLoadException("cannot load " + spec.file().getFileName() + ": " + error.message());
        }
        if (reply instanceof WorkerMessage.Exit) {
            String tail = w.stderrTail();
            stopWorker();
            String cause = LlamaLog.explainText(tail);
            throw new ModelLoadException("cannot load " + spec.file().getFileName()
                    + ": the inference worker died while loading it"
                    + (cause != null ? " (" + cause + ")" : lastLines(tail)));
        }
        stopWorker();
        throw new ModelLoadException("cannot load " + spec.file().getFileName() + ": loading took more than "
                + config.loadTimeout().toSeconds() + " s");
    }

    private void runGeneration(GenerationHandle handle, GenerationRequest request, TokenListener listener,
                               String debugFault) {
        if (handle.isCancelRequested()) {
            handle.complete(new GenerationResult("", 0, 0, Duration.ZERO, Duration.ZERO, StopReason.CANCELLED));
            return;
        }
        WorkerProcess w = worker;
        LoadedModel model = loaded;
        if (w == null || model == null) {
            handle.fail(new EngineException("no model is loaded"));
            return;
        }
        WorkerMessage.Generate message = new WorkerMessage.Generate(handle.id(), request.parts(),
                request.maxTokens(), request.maxBytes(), request.temperature(), request.topP(), request.topK(),
                request.samplingSeed().hex(), request.stopStrings(), debugFault, request.fitContext());
        StringBuilder text = new StringBuilder();
        w.markJob();
        w.send(message);
        if (handle.isCancelRequested()) {
            cancel(handle.id()); // a cancel that raced the send
        }
        while (true) {
            WorkerMessage reply = replyOrFailure(w, model, "generation", handle::fail);
            if (reply == null) {
                return;
            }
            // replies with another id are late replies to an earlier, cancelled job
            if (reply instanceof WorkerMessage.Token token && token.id().equals(handle.id())) {
                if (!token.text().isEmpty()) {
                    text.append(token.text());
                    deliver(listener, token.text());
                }
            } else if (reply instanceof WorkerMessage.Done done && done.id().equals(handle.id())) {
                handle.complete(new GenerationResult(text.toString(), done.promptTokens(),
                        done.generatedTokens(), Duration.ofNanos((long) (done.promptMs() * 1e6)),
                        Duration.ofNanos((long) (done.generationMs() * 1e6)), done.stop(),
                        done.split() != null ? done.split() : TokenSplit.NONE,
                        done.tokens() != null ? done.tokens() : new int[0]));
                return;
            } else if (reply instanceof WorkerMessage.Error error && error.id().equals(handle.id())) {
                handle.fail(ContextExceededException.is(error.message())
                        ? new ContextExceededException(error.message()) : new EngineException(error.message()));
                return;
            }
        }
    }

    /**
     * The worker's next reply to a running job, or null when the worker hung (no sign of life for the
     * hang timeout: killed) or died; the job is then failed and the worker restarted with the model.
     */
    private WorkerMessage replyOrFailure(WorkerProcess w, LoadedModel model, String job,
                                         Consumer<EngineException> fail) {
        WorkerMessage reply = nextMessage(w, config.hangTimeout());
        if (reply == null) {
            w.kill();
            fail.accept(new WorkerHungException("the inference worker gave no sign of life for "
                    + config.hangTimeout().toSeconds() + " s; it was killed and is being restarted"));
            restart(model);
            return null;
        }
        if (reply instanceof WorkerMessage.Exit) {
            String tail = w.stderrOfJob(Duration.ofSeconds(2));
            fail.accept(new WorkerCrashedException("the inference worker died during the " + job
                    + exitDetail(w) + "; it is being restarted"
                    + (tail.isBlank() ? "; it wrote nothing to its log during the " + job : lastLines(tail))));
            restart(model);
            return null;
        }
        return reply;
    }

    /**
     * Queues the replay of an answer on the loaded model (see {@link AuditPolicy}); it runs in the same
     * worker, in the same queue and under the same cancel, crash and hang handling as a generation.
     */
    public AuditHandle audit(AuditRequest request) {
        return audit(request, "");
    }

    AuditHandle audit(AuditRequest request, String debugFault) {
        if (closed) {
            throw new EngineException("the inference engine is closed");
        }
        AuditHandle handle = new AuditHandle("a" + ids.incrementAndGet(), this::cancel);
        jobs.execute(() -> {
            try {
                runAudit(handle, request, debugFault);
            } catch (RuntimeException e) {
                handle.fail(e instanceof EngineException ee ? ee : new EngineException(String.valueOf(e), e));
            }
        });
        return handle;
    }

    private void runAudit(AuditHandle handle, AuditRequest request, String debugFault) {
        WorkerProcess w = worker;
        LoadedModel model = loaded;
        if (w == null || model == null) {
            handle.fail(new EngineException("no model is loaded"));
            return;
        }
        SamplingSettings s = request.sampling();
        w.markJob();
        w.send(new WorkerMessage.Audit(handle.id(), request.prompt(), request.answerText(), request.answerTokens(),
                s.temperature(), s.topP(), s.topK(), s.seed().hex(), debugFault));
        if (handle.isCancelRequested()) {
            cancel(handle.id());
        }
        while (true) {
            WorkerMessage reply = replyOrFailure(w, model, "audit", handle::fail);
            if (reply == null) {
                return;
            }
            if (reply instanceof WorkerMessage.Audited done && done.id().equals(handle.id())) {
                handle.complete(AuditPolicy.judge(request, done));
                return;
            } else if (reply instanceof WorkerMessage.Error error && error.id().equals(handle.id())) {
                handle.fail(new EngineException(error.message()));
                return;
            }
        }
    }

    private static void deliver(TokenListener listener, String piece) {
        try {
            listener.onToken(piece);
        } catch (RuntimeException e) {
            // a faulty listener must not break the job or the engine; the text is still in the result
        }
    }

    /** Brings the last model back in a new worker after a crash or a hang; failing that, no model. */
    private void restart(LoadedModel model) {
        try {
            loadInFreshWorker(model.spec(), model.metadata());
        } catch (EngineException e) {
            loaded = null;
        }
    }

    private WorkerMessage nextMessage(WorkerProcess w, Duration timeout) {
        try {
            return w.next(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("the inference engine was closed");
        }
    }

    /** Lines that name why a native process died: ggml's assert or abort, a symbol or a library the loader could not find. */
    private static final Pattern CAUSE = Pattern.compile(
            "GGML_ASSERT|GGML_ABORT|ggml_abort|undefined symbol|cannot open shared object file|error while loading shared libraries"
                    + "|CUDA error|no CUDA-capable device|vk::|Vulkan");

    private static String exitDetail(WorkerProcess w) {
        try {
            Integer code = w.exitCode(Duration.ofSeconds(5));
            return code == null ? "" : " (exit code " + code + (code == 134 ? ", a native abort" : "") + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * What the worker said before it died: the line that names the cause where there is one (ggml's
     * assert, a missing symbol or runtime library), else its last lines.
     */
    static String lastLines(String tail) {
        String[] lines = tail.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (CAUSE.matcher(lines[i]).find()) {
                return "; the cause: " + lines[i].strip();
            }
        }
        int from = Math.max(0, lines.length - 5);
        String last = String.join("\n", Arrays.copyOfRange(lines, from, lines.length)).strip();
        return last.isEmpty() ? "" : "; its last words:\n" + last;
    }

    private void stopWorker() {
        WorkerProcess w = worker;
        worker = null;
        if (w != null) {
            w.close();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                throw ee;
            }
            throw new EngineException("the inference engine failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the worker (and with it every byte of model memory) and the engine's thread. */
    @Override
    public void close() {
        closed = true;
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopWorker();
        loaded = null;
        pending.forEach(h -> h.fail(new EngineException("the inference engine was closed")));
        pending.clear();
    }
}
