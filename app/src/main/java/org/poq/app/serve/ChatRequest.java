package org.poq.app.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.poq.app.service.RequesterSession;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;

/**
 * A {@code POST /v1/chat/completions} body, checked. The fields a round is not built from are checked
 * by {@link ChatParams} (sampling options type-checked and left to the miners; tools, structured
 * output and unknown fields refused). Every refusal names the field and the valid range.
 */
record ChatRequest(TaskRequest task, boolean stream, int n, boolean includeUsage, List<String> stop) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    static ChatRequest parse(byte[] body, ServeConfig defaults, ProtocolParams params) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "The request body is not valid JSON (at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "). Send a JSON object with model and messages.");
        } catch (IOException e) {
            throw ApiError.badRequest(null, "The request body could not be read. Send a JSON object with model and messages.");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest(null, "The request body must be a JSON object with model and messages.");
        }
        List<String> stop = ChatParams.check(root);
        String model = text(root, "model");
        if (model == null || model.isBlank()) {
            throw ApiError.badRequest("model", "Say which model family to ask in \"model\" (GET /v1/models lists them).");
        }
        String prompt = PromptRenderer.render(messages(root.get("messages")));
        if (prompt.isBlank()) {
            throw ApiError.badRequest("messages", "The messages hold no text: write the question in a user message.");
        }
        boolean stream = bool(root, "stream", false);
        JsonNode poq = root.path("poq");
        if (!poq.isMissingNode() && !poq.isNull() && !poq.isObject()) {
            throw ApiError.badRequest("poq", "\"poq\" must be an object such as {\"k\": 3, \"m\": 3, \"fee\": \"10\"}.");
        }
        // here only the types are read (the words of a wrong type state the range); whether a value is in range is
        // RequesterSession's check, the one for every face, worded for HTTP by RefusalErrors
        int k = integer(poq, "k", "poq.k", defaults.k(), "a whole number from 1 to " + RequesterSession.MAX_MINERS);
        int m = integer(poq, "m", "poq.m", defaults.m(), "an odd whole number from " + RequesterSession.MIN_VALIDATORS + " to "
                + RequesterSession.MAX_VALIDATORS);
        String tokenRange = "a whole number from 1 to " + (params == null ? "the network's limit" : String.valueOf(params.maxTokensLimit()));
        int tokens = integer(root, "max_completion_tokens", "max_completion_tokens",
                integer(root, "max_tokens", "max_tokens", defaults.maxTokens(), tokenRange), tokenRange);
        tokens = integer(poq, "max_tokens", "poq.max_tokens", tokens, tokenRange);
        TokenAmount fee = fee(poq, defaults.fee());
        Sha256 evaluator = defaults.evaluator();
        if (poq.hasNonNull("evaluator")) {
            try {
                evaluator = Sha256.parse(poq.get("evaluator").asText());
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("poq.evaluator", "poq.evaluator must be an evaluator id: 64 hex digits.");
            }
        }
        int n = integer(root, "n", "n", 1, "a whole number from 1 to " + RequesterSession.MAX_MINERS);
        if (n < 1 || n > RequesterSession.MAX_MINERS) {
            throw ApiError.badRequest("n", "n must be a whole number from 1 to " + RequesterSession.MAX_MINERS + ", not " + n + ".");
        }
        // n answers need n miners: without poq.k the round grows, and it is checked (the fee's protocol minimum
        // included) as the round it will be, once
        boolean grows = n > k && !poq.has("k");
        TaskRequest task = checked(new TaskRequest(prompt, model.strip(), evaluator, grows ? n : k, m, tokens, fee), params);
        if (n > k && !grows) {
            throw ApiError.badRequest("n", "n = " + n + " asks for more answers than the " + k
                    + " miners in poq.k. Ask for n at most poq.k, or raise poq.k (at most " + RequesterSession.MAX_MINERS + ").");
        }
        JsonNode options = root.path("stream_options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiError.badRequest("stream_options", "stream_options must be an object such as {\"include_usage\": true}.");
        }
        boolean usage = bool(options, "include_usage", false);
        return new ChatRequest(task, stream, n, usage, List.copyOf(stop));
    }

    /** The request as the application layer checks every request (prompt size, k, m, max tokens, fee), or its refusal in HTTP words. */
    private static TaskRequest checked(TaskRequest task, ProtocolParams params) {
        RequesterSession.checkShape(task, params).ifPresent(r -> {
            throw RefusalErrors.of(r, false, Map::of);
        });
        return task;
    }

    private static List<PromptRenderer.Message> messages(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiError.badRequest("messages", "\"messages\" must be a non-empty list such as [{\"role\": \"user\", \"content\": \"Hello\"}].");
        }
        List<PromptRenderer.Message> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode msg = node.get(i);
            String param = "messages[" + i + "]";
            String role = text(msg, "role");
            if (role == null || !ROLES.contains(role)) {
                throw ApiError.badRequest(param + ".role", "messages[" + i + "] has the role " + (role == null ? "(none)" : "\"" + role + "\"")
                        + "; PoQ takes system, developer, user and assistant messages (no tools).");
            }
            out.add(new PromptRenderer.Message(role, content(msg.get("content"), param)));
        }
        if (out.stream().noneMatch(m -> m.role().equals("user"))) {
            throw ApiError.badRequest("messages", "The messages hold no user message: add one with the question.");
        }
        return out;
    }

    private static String content(JsonNode c, String param) {
        if (c != null && c.isTextual()) {
            return c.asText();
        }
        if (c != null && c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(text(part, "type")) || !part.path("text").isTextual()) {
                    throw ApiError.badRequest(param + ".content", param + " holds a part of type " + text(part, "type")
                            + "; PoQ miners take text only.");
                }
                sb.append(sb.length() == 0 ? "" : "\n").append(part.get("text").asText());
            }
            return sb.toString();
        }
        throw ApiError.badRequest(param + ".content", param + " has no text content: give \"content\" as a string.");
    }

    private static TokenAmount fee(JsonNode poq, TokenAmount fallback) {
        JsonNode f = poq.get("fee");
        if (f == null || f.isNull()) {
            return fallback;
        }
        if (!f.isTextual() && !f.isNumber()) {
            throw ApiError.badRequest("poq.fee", "poq.fee is an amount of POQ such as \"10\" or \"2.5\".");
        }
        TokenAmount fee;
        try {
            fee = TokenAmount.parse(f.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("poq.fee", "poq.fee is an amount of POQ such as \"10\" or \"2.5\" (at most 18 decimals), not "
                    + f.asText() + ".");
        }
        return fee;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static boolean bool(JsonNode o, String field, boolean fallback) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest(field, "\"" + field + "\" must be true or false.");
        }
        return v.asBoolean();
    }

    /** A whole number (the type only); {@code takes}, the values the field takes, is said when it is not one. */
    private static int integer(JsonNode o, String field, String param, int fallback, String takes) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ApiError.badRequest(param, param + " must be " + takes + ", not " + v + ".");
        }
        return v.asInt();
    }
}
