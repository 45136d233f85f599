package org.poq.miner.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The line protocol between the engine and its worker: one JSON object per line. The worker's lines
 * carry a prefix because native code may print to the same stdout; lines without it are only logged.
 *
 * <p>Requests (stdin): {@code load}, {@code generate}, {@code cancel}, {@code shutdown}, and with debug
 * faults enabled {@code debug-abort}, {@code debug-hang}. Replies (stdout): {@code ready},
 * {@code loaded}, {@code token}, {@code done}, {@code error}.
 */
public final class WorkerProtocol {
    public static final String PREFIX = "@poq ";
    public static final String DEBUG_FAULTS_PROPERTY = "poq.worker.debugFaults";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerProtocol() {
    }

    public static ObjectNode message(String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        return node;
    }

    public static String encode(ObjectNode message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    /** The message in a line, or empty for lines that are not protocol (native output) or not JSON. */
    public static Optional<ObjectNode> decode(String line, boolean prefixed) {
        String body = line;
        if (prefixed) {
            if (!line.startsWith(PREFIX)) {
                return Optional.empty();
            }
            body = line.substring(PREFIX.length());
        }
        try {
            return JSON.readTree(body) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
