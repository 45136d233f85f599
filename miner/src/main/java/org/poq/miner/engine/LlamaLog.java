package org.poq.miner.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tail of llama.cpp's log in the worker (llama_log_set also routes ggml's log here). llama.cpp
 * reports a load failure only as a null model; the real cause ("tensor data is not within the file
 * bounds", "unknown model architecture") is only in this log, so the worker reads it back from here.
 * Messages arrive in fragments; lines are assembled before they are kept.
 */
public final class LlamaLog {
    private static final int MAX_LINES = 400;
    private static final Pattern OFFLOADED = Pattern.compile("offloaded (\\d+)/(\\d+) layers to GPU");
    private static final Pattern DEVICE = Pattern.compile("using device (\\S+) \\(([^)]*)\\)");

    private final Deque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();

    /** A fragment from llama.cpp's logger: text up to each newline completes a line. */
    public synchronized void append(String fragment) {
        partial.append(fragment);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            add(partial.substring(0, nl));
            partial.delete(0, nl + 1);
        }
    }

    public synchronized void add(String message) {
        for (String line : message.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (lines.size() == MAX_LINES) {
                lines.removeFirst();
            }
            lines.addLast(line.strip());
        }
    }

    public synchronized void clear() {
        lines.clear();
        partial.setLength(0);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    /** Layers offloaded to a GPU and the total, as the last load reported; {0, 0} if it said nothing. */
    public int[] offloadedLayers() {
        Matcher m = OFFLOADED.matcher(text());
        int[] result = {0, 0};
        while (m.find()) {
            result[0] = Integer.parseInt(m.group(1));
            result[1] = Integer.parseInt(m.group(2));
        }
        return result;
    }

    /** The GPU device the last load used, or null. */
    public String gpuDevice() {
        Matcher m = DEVICE.matcher(text());
        String device = null;
        while (m.find()) {
            device = m.group(1) + " (" + m.group(2) + ")";
        }
        return device;
    }

    /** A sentence naming why a load failed, from the log; null if the log names no known cause. */
    public String explainLoadFailure() {
        return explainText(text());
    }

    /** As {@link #explainLoadFailure()}, for log text captured elsewhere (the worker's stderr). */
    public static String explainText(String log) {
        Matcher m;
        if ((m = Pattern.compile("invalid magic characters:? '?([^',]*)'?").matcher(log)).find()) {
            return "not a GGUF file (it starts with '" + m.group(1).strip() + "' instead of 'GGUF')";
        }
        if ((m = Pattern.compile("unknown model architecture: '([^']*)'").matcher(log)).find()) {
            return "the model architecture '" + m.group(1) + "' needs a newer engine than this one (llama.cpp of "
                    + "node-llama-cpp " + LlamaLibraries.NODE_LLAMA_CPP_VERSION
                    + "): update PoQ Desktop";
        }
        if ((m = Pattern.compile("unknown pre-tokenizer type: '([^']*)'").matcher(log)).find()) {
            return "the model's tokenizer '" + m.group(1) + "' needs a newer engine than this one (llama.cpp of "
                    + "node-llama-cpp " + LlamaLibraries.NODE_LLAMA_CPP_VERSION
                    + "): update PoQ Desktop";
        }
        if ((m = Pattern.compile("invalid ggml type (\\d+)|unknown tensor type (\\d+)|tensor type (\\d+) .*(invalid|unsupported)").matcher(log)).find()) {
            return "the file uses a tensor type this engine does not know: it needs a newer engine than this one "
                    + "(llama.cpp of node-llama-cpp " + LlamaLibraries.NODE_LLAMA_CPP_VERSION
                    + "): update PoQ Desktop";
        }
        if ((m = Pattern.compile("key not found in model: (\\S+)").matcher(log)).find()) {
            return "the file lacks the metadata key '" + m.group(1) + "'";
        }
        if (log.contains("not within the file bounds") || log.contains("failed to read tensor")
                || log.contains("failed to read key") || log.contains("failed to read header")
                || log.contains("corrupted or incomplete")) {
            return "the file is truncated or corrupted (its tensor data ends early)";
        }
        if ((m = Pattern.compile("error loading model: (.+)").matcher(log)).find()) {
            return m.group(1).strip();
        }
        if ((m = Pattern.compile("failed to open (.+)").matcher(log)).find()) {
            return "cannot open " + m.group(1).strip();
        }
        return null;
    }
}
