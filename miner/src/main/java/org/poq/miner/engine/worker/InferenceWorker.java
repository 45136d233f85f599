package org.poq.miner.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.poq.miner.engine.WorkerProtocol;

/**
 * The child process that hosts llama.cpp. It owns at most one model for its whole life: a model swap
 * is a new process, because the binding's close() frees nothing. It ends with halt(), because the
 * binding's native threads keep a JVM alive after main returns, and it ends when its stdin closes,
 * so it never outlives the app.
 *
 * <p>Loads and generations run one at a time on one thread; the stdin reader stays free to take a
 * cancel while a generation streams.
 */
public final class InferenceWorker {
    private final PrintStream protocol;
    private final boolean debugFaults;
    private final LlamaLog log = new LlamaLog();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "poq-worker-runner");
        t.setDaemon(true);
        return t;
    });
    private volatile LlamaModel model;
    private volatile String cancelRequested;

    private InferenceWorker(PrintStream protocol, boolean debugFaults) {
        this.protocol = protocol;
        this.debugFaults = debugFaults;
    }

    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout belongs to the protocol
        InferenceWorker worker = new InferenceWorker(protocol, Boolean.getBoolean(WorkerProtocol.DEBUG_FAULTS_PROPERTY));
        worker.run();
        Runtime.getRuntime().halt(0);
    }

    private void run() throws IOException {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            log.add(message);
            System.err.print(message);
        });
        ObjectNode ready = WorkerProtocol.message("ready");
        ready.put("pid", ProcessHandle.current().pid());
        send(ready);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            ObjectNode request = WorkerProtocol.decode(line, false).orElse(null);
            if (request == null) {
                continue;
            }
            switch (request.path("type").asText()) {
                case "load" -> runner.execute(() -> load(request));
                case "generate" -> runner.execute(() -> generate(request));
                case "cancel" -> cancelRequested = request.path("id").asText();
                case "shutdown" -> {
                    return;
                }
                default -> sendError(request.path("id").asText(""), "unknown request " + request.path("type"));
            }
        }
    }

    private void load(ObjectNode request) {
        if (model != null) {
            sendError("", "this worker already holds a model; start a new worker to swap");
            return;
        }
        log.clear();
        long t0 = System.nanoTime();
        ModelParameters params = new ModelParameters()
                .setModel(request.path("file").asText())
                .setCtxSize(request.path("contextSize").asInt())
                .setThreads(request.path("threads").asInt())
                .setThreadsBatch(request.path("threads").asInt())
                .setGpuLayers(request.path("gpuLayers").asInt())
                .setParallel(1)
                // llama.cpp's warm-up decode would run on this thread, and every later decode runs on
                // the binding's server thread. Two OpenMP master threads leave libgomp managing more
                // threads than there are cores, so it stops spinning and sleeps at each of the
                // hundreds of barriers per token: generation ran at 0.6 of llama-bench on 2 cores.
                // The warm-up is done below through the server instead.
                .skipWarmup();
        try {
            model = new LlamaModel(params);
            warmUp(model);
        } catch (RuntimeException | Error e) {
            // ggml reports file errors on stderr, outside the binding's logger: the parent explains those
            // from the stderr it captured, once it has read up to this mark
            String mark = "@poq-mark " + System.nanoTime();
            System.err.println(mark);
            System.err.flush();
            String cause = log.explainLoadFailure();
            ObjectNode error = WorkerProtocol.message("error");
            error.put("id", "");
            error.put("message", cause != null ? cause : e.getMessage());
            error.put("explained", cause != null);
            error.put("stderrMark", mark);
            send(error);
            return;
        }
        ObjectNode loaded = WorkerProtocol.message("loaded");
        int[] offload = log.offloadedLayers();
        String device = log.gpuDevice();
        loaded.put("offloadedLayers", offload[0]);
        loaded.put("totalLayers", offload[1]);
        loaded.put("gpu", offload[0] > 0 ? (device != null ? device : "GPU") : "");
        loaded.put("loadNanos", System.nanoTime() - t0);
        send(loaded);
    }

    /** One token through the server thread, so the weights are paged in before the first real prompt. */
    private static void warmUp(LlamaModel m) {
        m.complete(new InferenceParameters("Hello").setNPredict(1).setCachePrompt(false));
    }

    private void generate(ObjectNode request) {
        String id = request.path("id").asText();
        if (model == null) {
            sendError(id, "no model is loaded");
            return;
        }
        String fault = request.path("debugFault").asText("");
        if (debugFaults && fault.equals("hang")) {
            sleepForever();
        }
        try {
            int maxTokens = request.path("maxTokens").asInt();
            InferenceParameters params = new InferenceParameters(request.path("prompt").asText())
                    .setNPredict(maxTokens)
                    .setTemperature((float) request.path("temperature").asDouble())
                    .setTopP((float) request.path("topP").asDouble())
                    .setSeed(request.path("seed").asInt())
                    .setCachePrompt(false);
            List<String> stops = new ArrayList<>();
            request.path("stop").forEach(s -> stops.add(s.asText()));
            if (!stops.isEmpty()) {
                params.setStopStrings(stops.toArray(String[]::new));
            }
            if (debugFaults && fault.equals("abort")) {
                params.setNProbs(1); // a real native abort in this binding version
            }
            int promptTokens = model.encode(request.path("prompt").asText()).length;
            LlamaIterator it = model.generate(params).iterator();
            int tokens = 0;
            boolean cancelled = false;
            while (it.hasNext()) {
                LlamaOutput out = it.next();
                if (!isFinal(out)) {
                    // one non-final output per sampled token, even a control token with no text, so the
                    // parent counts and times tokens, not text pieces
                    tokens++;
                }
                if (!out.text.isEmpty() || !isFinal(out)) {
                    ObjectNode token = WorkerProtocol.message("token");
                    token.put("id", id);
                    token.put("text", out.text);
                    send(token);
                }
                if (id.equals(cancelRequested)) {
                    it.cancel();
                    cancelled = true;
                    break;
                }
            }
            ObjectNode done = WorkerProtocol.message("done");
            done.put("id", id);
            done.put("promptTokens", promptTokens);
            done.put("generatedTokens", tokens);
            done.put("stop", cancelled ? "CANCELLED" : tokens >= maxTokens ? "MAX_TOKENS" : "END_OF_TEXT");
            send(done);
        } catch (RuntimeException e) {
            sendError(id, "generation failed: " + e.getMessage());
        }
    }

    /**
     * The binding marks the closing output of a stream (which carries no new token) only in a
     * package-private field; without it a stream's token count would be off by one.
     */
    private static boolean isFinal(LlamaOutput out) {
        try {
            return STOP_FIELD.getBoolean(out);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.lang.reflect.Field STOP_FIELD;

    static {
        try {
            STOP_FIELD = LlamaOutput.class.getDeclaredField("stop");
            STOP_FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
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

    private void sendError(String id, String message) {
        ObjectNode error = WorkerProtocol.message("error");
        error.put("id", id);
        error.put("message", message);
        send(error);
    }

    private synchronized void send(JsonNode message) {
        protocol.print(WorkerProtocol.PREFIX + WorkerProtocol.encode((ObjectNode) message) + "\n");
        protocol.flush();
    }
}
