package org.poq.bench.oldengine;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * The miner's engine as it was before issue 13 — de.kherud:llama 4.2.0 (llama.cpp b4916) — driven the
 * way its worker process drove it (InferenceWorker at commit f0397fd^: same model and inference
 * parameters, llama.cpp's warm-up skipped and one token completed through the binding's server
 * instead, one message per sampled token), behind a plain line protocol for OldEngineBenchmark in
 * miner's tests. Benchmark only; never part of the product.
 *
 * <pre>
 * -> ready PID                                   on start
 * <- load CONTEXT THREADS FILE                   -> loaded NANOS (model load + warm-up) | error TEXT
 * <- tokens TEXT                                 -> tokens N (the binding's encode, no BOS)
 * <- gen MAXTOKENS TEMPERATURE TOPP SEED PROMPT  -> tok (one per sampled token) ... done N
 * <- quit
 * </pre>
 * The binding's server writes its own timings of each generation ("prompt eval time = ...") to stderr,
 * where the benchmark reads them.
 */
public final class OldEngineServer {
    private static final Field STOP_FIELD;

    static {
        try {
            // the binding marks the closing output of a stream (no new token) only in this private field
            STOP_FIELD = LlamaOutput.class.getDeclaredField("stop");
            STOP_FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PrintStream out;
    private LlamaModel model;

    private OldEngineServer(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err); // stdout belongs to the protocol
        new OldEngineServer(out).serve();
        Runtime.getRuntime().halt(0); // the binding's native threads would keep the JVM alive
    }

    private void serve() throws IOException {
        send("ready " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.split(" ", 6);
            try {
                switch (w[0]) {
                    case "load" -> load(Integer.parseInt(w[1]), Integer.parseInt(w[2]), line.split(" ", 4)[3]);
                    case "tokens" -> send("tokens " + model.encode(line.substring("tokens ".length())).length);
                    case "gen" -> generate(Integer.parseInt(w[1]), Float.parseFloat(w[2]), Float.parseFloat(w[3]),
                            Integer.parseInt(w[4]), w[5]);
                    case "quit" -> {
                        return;
                    }
                    default -> send("error unknown command " + w[0]);
                }
            } catch (RuntimeException e) {
                send("error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
    }

    private void load(int contextSize, int threads, String file) {
        long t0 = System.nanoTime();
        // the parameters of the old InferenceWorker, 0 GPU layers (the jar's Linux native is CPU-only)
        model = new LlamaModel(new ModelParameters()
                .setModel(file)
                .setCtxSize(contextSize)
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setGpuLayers(0)
                .setParallel(1)
                .skipWarmup());
        model.complete(new InferenceParameters("Hello").setNPredict(1).setCachePrompt(false));
        send("loaded " + (System.nanoTime() - t0));
    }

    private void generate(int maxTokens, float temperature, float topP, int seed, String prompt) {
        InferenceParameters params = new InferenceParameters(prompt)
                .setNPredict(maxTokens)
                .setTemperature(temperature)
                .setTopP(topP)
                .setSeed(seed)
                .setCachePrompt(false);
        LlamaIterator it = model.generate(params).iterator();
        int tokens = 0;
        while (it.hasNext()) {
            LlamaOutput o = it.next();
            if (!isFinal(o)) {
                tokens++;
                send("tok");
            }
        }
        send("done " + tokens);
    }

    private static boolean isFinal(LlamaOutput o) {
        try {
            return STOP_FIELD.getBoolean(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String line) {
        out.print(line + "\n");
        out.flush();
    }
}
