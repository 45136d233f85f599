package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * The messages between the engine and its worker process, one JSON object per line, in one definition
 * used by both sides. Requests go to the worker's stdin; replies come on its stdout behind
 * {@link #PREFIX}, because native code may print to the same stdout (lines without it are only logged).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkerMessage.Load.class, name = "load"),
        @JsonSubTypes.Type(value = WorkerMessage.Generate.class, name = "generate"),
        @JsonSubTypes.Type(value = WorkerMessage.Audit.class, name = "audit"),
        @JsonSubTypes.Type(value = WorkerMessage.Cancel.class, name = "cancel"),
        @JsonSubTypes.Type(value = WorkerMessage.Shutdown.class, name = "shutdown"),
        @JsonSubTypes.Type(value = WorkerMessage.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = WorkerMessage.Loaded.class, name = "loaded"),
        @JsonSubTypes.Type(value = WorkerMessage.Token.class, name = "token"),
        @JsonSubTypes.Type(value = WorkerMessage.Done.class, name = "done"),
        @JsonSubTypes.Type(value = WorkerMessage.Audited.class, name = "audited"),
        @JsonSubTypes.Type(value = WorkerMessage.Error.class, name = "error"),
        @JsonSubTypes.Type(value = WorkerMessage.Exit.class, name = "exit")})
public sealed interface WorkerMessage {
    String PREFIX = "@poq ";
    String DEBUG_FAULTS_PROPERTY = "poq.worker.debugFaults";

    // ---- requests (engine -> worker)

    /**
     * Load a model. parts: every file of a split model in order (one for a plain file); gpuLayers -1
     * offloads all layers.
     */
    record Load(List<String> parts, int contextSize, int threads, int gpuLayers) implements WorkerMessage {
    }

    /**
     * Generate from a prompt given in pieces: a piece marked special is template text whose control
     * tokens are parsed as such; every other piece (what a user wrote) is tokenized as plain text.
     * maxBytes cuts the answer at that many UTF-8 bytes; fitContext lowers maxTokens to the context's room
     * after the prompt; debugFault ("hang", "abort", "ggml-assert") only works in a worker started with debug
     * faults, for tests. The answer is drawn by the project's verifiable sampler keyed by samplingSeed (64 hex
     * digits).
     */
    record Generate(String id, List<PromptPart> prompt, int maxTokens, int maxBytes, float temperature, float topP,
                    int topK, String samplingSeed, List<String> stop, String debugFault, boolean fitContext)
            implements WorkerMessage {
    }

    /**
     * Replay an answer under the sampling it claims (see {@link org.poq.miner.engine.llama.ReplayAudit}):
     * answerTokens are the ids the miner drew, or empty to tokenize answerText.
     */
    record Audit(String id, List<PromptPart> prompt, String answerText, int[] answerTokens, float temperature,
                 float topP, int topK, String samplingSeed, String debugFault) implements WorkerMessage {
    }

    record Cancel(String id) implements WorkerMessage {
    }

    record Shutdown() implements WorkerMessage {
    }

    // ---- replies (worker -> engine)

    record Ready(long pid, String backends) implements WorkerMessage {
    }

    /**
     * A model is loaded. device: where it runs ("CPU" or the GPU's name); chatTemplate: the file's own
     * template, or empty; contextSize: the context the engine really made.
     */
    record Loaded(String device, int offloadedLayers, int totalLayers, long loadNanos, int contextSize,
                  int trainContext, String description, String backends) implements WorkerMessage {
    }

    record Token(String id, String text) implements WorkerMessage {
    }

    /**
     * A generation ended. promptMs and generationMs are llama.cpp's own timings (llama_perf_context),
     * so tokens/s exclude the pipe and the caller's work; split is the worker's own per-token wall-clock
     * split of the token loop.
     */
    record Done(String id, int promptTokens, int generatedTokens, StopReason stop, double promptMs,
                double generationMs, TokenSplit split, int[] tokens) implements WorkerMessage {
    }

    /** An audit's replay: what {@link org.poq.miner.engine.llama.ReplayAudit.Outcome} holds. */
    record Audited(String id, int promptTokens, int positions, int[] answerTokens, int[] mismatchAt, int[] drawnAt,
                   double[] marginAt, String answerText, boolean cancelled, double prefillMs, double wallMs) implements WorkerMessage {
    }

    /** A failure; id is empty for a load failure. */
    record Error(String id, String message) implements WorkerMessage {
    }

    /** Not sent by the worker: the engine's reader queues it when the worker's stdout ends. */
    record Exit() implements WorkerMessage {
    }

    ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static String encode(WorkerMessage message) {
        try {
            return JSON.writerFor(WorkerMessage.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    /** The message in a line, or empty for lines that are not protocol (native output) or not valid. */
    static Optional<WorkerMessage> decode(String line, boolean prefixed) {
        String body = line;
        if (prefixed) {
            if (!line.startsWith(PREFIX)) {
                return Optional.empty();
            }
            body = line.substring(PREFIX.length());
        }
        try {
            return Optional.ofNullable(JSON.readValue(body, WorkerMessage.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
