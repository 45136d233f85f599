package org.poq.miner.engine.worker;

import org.poq.miner.engine.LlamaLog;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.poq.miner.engine.EngineException;
import org.poq.miner.engine.LlamaLibraries;
import org.poq.miner.engine.StopReason;
import org.poq.miner.engine.TokenSplit;
import org.poq.miner.engine.WorkerMessage;
import org.poq.miner.engine.llama.LlamaRuntime;
import org.poq.miner.engine.llama.LlamaSession;
import org.poq.miner.engine.llama.ReplayAudit;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;

/**
 * The child process that hosts llama.cpp (through our JNA binding, {@link LlamaRuntime}). It owns at
 * most one model for its whole life: a model swap is a new process, which also isolates the app from
 * a native abort. It ends when its stdin closes, so it never outlives the app.
 *
 * <p>Loads and generations run one at a time on one thread; the stdin reader stays free to take a
 * cancel while a generation streams. Stopping is clean: the running decode is aborted, the runner
 * is awaited, the model and context are freed, and only then does the process exit, so no native
 * thread is still computing while the C runtime tears down (the old binding's SIGSEGV on stop).
 */
public final class InferenceWorker {
    private final PrintStream protocol;
    /** A debug worker's audit fault that skips the batch pass: the benchmark's measure of the exact replay's cost. */
    public static final String EXACT_REPLAY = "exact-replay";
    private final boolean debugFaults;
    private final LlamaLog log = new LlamaLog();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "poq-worker-runner");
        t.setDaemon(true);
        return t;
    });
    private LlamaRuntime runtime;
    private volatile LlamaSession session;
    private volatile String running = "";
    private volatile String cancelRequested = "";
    private volatile boolean stopping;

    private InferenceWorker(PrintStream protocol, boolean debugFaults) {
        this.protocol = protocol;
        this.debugFaults = debugFaults;
    }

    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout belongs to the protocol
        InferenceWorker worker = new InferenceWorker(protocol, Boolean.getBoolean(WorkerMessage.DEBUG_FAULTS_PROPERTY));
        int code = worker.run();
        Runtime.getRuntime().halt(code);
    }

    private int run() throws IOException {
        try {
            Path dir = LlamaLibraries.locate();
            runtime = LlamaRuntime.load(dir, LlamaLibraries.gpuFolders(), (level, text) -> {
                log.append(text);
                System.err.print(text);
            });
        } catch (EngineException | UnsatisfiedLinkError e) {
            send(new WorkerMessage.Error("", e.getMessage()));
            return 3;
        }
        send(new WorkerMessage.Ready(ProcessHandle.current().pid(), runtime.summary()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            WorkerMessage request = WorkerMessage.decode(line, false).orElse(null);
            if (request == null) {
                continue;
            }
            if (request instanceof WorkerMessage.Load load) {
                runner.execute(() -> load(load));
            } else if (request instanceof WorkerMessage.Generate generate) {
                runner.execute(() -> generate(generate));
            } else if (request instanceof WorkerMessage.Audit audit) {
                runner.execute(() -> audit(audit));
            } else if (request instanceof WorkerMessage.Cancel cancel) {
                cancel(cancel.id());
            } else if (request instanceof WorkerMessage.Shutdown) {
                return stop();
            } else {
                send(new WorkerMessage.Error("", "the worker does not take " + request.getClass().getSimpleName()));
            }
        }
        return stop();
    }

    private void cancel(String id) {
        cancelRequested = id;
        LlamaSession s = session;
        if (s != null && id.equals(running)) {
            s.abort();
        }
    }

    /** Aborts any decode, waits for the runner, frees the model: exit only once no native work runs. */
    private int stop() {
        stopping = true;
        LlamaSession s = session;
        if (s != null) {
            s.abort();
        }
        runner.shutdown();
        try {
            if (!runner.awaitTermination(20, TimeUnit.SECONDS)) {
                return 4; // the parent kills a worker that does not exit; freeing under a running decode would crash
            }
        } catch (InterruptedException e) {
            return 4;
        }
        s = session;
        session = null;
        if (s != null) {
            s.close();
        }
        runtime.free();
        return 0;
    }

    private void load(WorkerMessage.Load request) {
        if (session != null) {
            send(new WorkerMessage.Error("", "this worker already holds a model; start a new worker to swap"));
            return;
        }
        log.clear();
        long t0 = System.nanoTime();
        LlamaSession loaded;
        try {
            loaded = LlamaSession.load(runtime.api(), request.parts(), request.contextSize(), request.threads(),
                    request.gpuLayers());
        } catch (EngineException e) {
            String cause = log.explainLoadFailure();
            send(new WorkerMessage.Error("", cause != null ? cause : e.getMessage() + " (llama.cpp gave no reason)"));
            return;
        }
        session = loaded;
        int[] offload = log.offloadedLayers();
        int total = offload[1] > 0 ? offload[1] : loaded.layers();
        String device = offload[0] > 0 ? nonNull(runtime.gpuName(), "GPU") : "CPU";
        send(new WorkerMessage.Loaded(device, offload[0], total, System.nanoTime() - t0, loaded.contextSize(),
                loaded.trainContext(), loaded.description(), runtime.summary()));
    }

    private static String nonNull(String s, String otherwise) {
        return s != null ? s : otherwise;
    }

    private void generate(WorkerMessage.Generate request) {
        String id = request.id();
        runJob(id, request.debugFault(),
                new WorkerMessage.Done(id, 0, 0, StopReason.CANCELLED, 0, 0, TokenSplit.NONE, new int[0]), s -> {
                    int maxTokens = request.fitContext() ? s.answerRoom(request.prompt(), request.maxTokens()) : request.maxTokens();
                    LlamaSession.Outcome out = s.generate(request.prompt(), maxTokens, request.maxBytes(),
                            sampling(request.temperature(), request.topK(), request.topP(), request.samplingSeed()),
                            request.stop(), () -> cancelled(id), text -> send(new WorkerMessage.Token(id, text)));
                    return new WorkerMessage.Done(id, out.promptTokens(), out.generatedTokens(), out.stop(), out.promptMs(),
                            out.generationMs(), out.split(), out.tokens());
                });
    }

    /** Replays an answer on the loaded model, with the same cancel, crash and hang handling as a generation. */
    private void audit(WorkerMessage.Audit request) {
        String id = request.id();
        runJob(id, request.debugFault(),
                new WorkerMessage.Audited(id, 0, 0, new int[0], new int[0], new int[0], new double[0], "", true, 0, 0), s -> {
                    int[] tokens = request.answerTokens() == null || request.answerTokens().length == 0 ? null
                            : request.answerTokens();
                    ReplayAudit.Outcome out = ReplayAudit.run(s, request.prompt(), tokens, request.answerText(),
                            sampling(request.temperature(), request.topK(), request.topP(), request.samplingSeed()),
                            () -> cancelled(id), () -> send(new WorkerMessage.Token(id, "")),
                            debugFaults && EXACT_REPLAY.equals(request.debugFault()));
                    return new WorkerMessage.Audited(id, out.promptTokens(), out.positions(), out.answerTokens(),
                            out.mismatchAt(), out.drawnAt(), out.marginAt(), out.answerText(), out.cancelled(),
                            out.prefillMs(), out.wallMs());
                });
    }

    /** One job on the loaded model: its answer when done, {@code cancelledReply} when cancelled before it started, or its error. */
    private void runJob(String id, String debugFault, WorkerMessage cancelledReply, Function<LlamaSession, WorkerMessage> job) {
        LlamaSession s = session;
        if (s == null) {
            send(new WorkerMessage.Error(id, "no model is loaded"));
            return;
        }
        if (cancelled(id)) {
            send(cancelledReply);
            return;
        }
        debugFault(debugFault);
        running = id;
        try {
            send(job.apply(s));
        } catch (EngineException | IllegalArgumentException e) {
            send(new WorkerMessage.Error(id, e.getMessage()));
        } finally {
            running = "";
        }
    }

    private boolean cancelled(String id) {
        return stopping || id.equals(cancelRequested);
    }

    private static SamplingSettings sampling(float temperature, int topK, float topP, String seedHex) {
        return new SamplingSettings(temperature, topK, topP, SamplingSeed.parse(seedHex));
    }

    /** A debug-enabled worker fails for real on request ("hang", "abort"), so tests see the real handling. */
    private void debugFault(String requested) {
        String fault = requested == null ? "" : requested;
        if (debugFaults && fault.equals("hang")) {
            sleepForever();
        }
        if (debugFaults && fault.equals("abort")) {
            // a real native abort (SIGABRT), the way ggml's GGML_ABORT ends a process
            NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("abort")
                    .invokeVoid(new Object[0]);
        }
        if (debugFaults && fault.equals("ggml-assert")) {
            // ggml's own abort: its GGML_ASSERT line on stderr, then its backtrace handler, then abort()
            Path ggml = LlamaLibraries.locate().resolve(System.mapLibraryName("ggml-base"));
            NativeLibrary.getInstance(ggml.toString()).getFunction("ggml_abort")
                    .invokeVoid(new Object[] {"poq-test.c", 42, "GGML_ASSERT(%s) failed", "poq test fault"});
        }
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // a simulated hang ignores interrupts, like a stuck native call
            }
        }
    }

    private synchronized void send(WorkerMessage message) {
        protocol.print(WorkerMessage.PREFIX + WorkerMessage.encode(message) + "\n");
        protocol.flush();
    }
}
