package org.poq.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's request fields beyond the ones a round is built from, checked before anything is paid:
 * what the network cannot serve (tools, structured output, log probabilities) is refused with the
 * field named; sampling options are type-checked and then left to each miner (the consensus picks the
 * answer, not a sampler); {@code stop} is read for the chosen answer; any other field is refused,
 * so that a typo or a feature this server lacks is never silently ignored.
 */
final class ChatParams {
    /** The fields the round is built from (read by {@link ChatRequest}). */
    private static final Set<String> ROUND = Set.of("model", "messages", "n", "max_tokens", "max_completion_tokens", "stream",
            "stream_options", "poq", "stop");
    /** Accepted, type-checked, and left to each miner's own sampling. */
    private static final Map<String, double[]> NUMBERS = Map.of(
            "temperature", new double[]{0, 2}, "top_p", new double[]{0, 1},
            "presence_penalty", new double[]{-2, 2}, "frequency_penalty", new double[]{-2, 2});
    private static final Set<String> STRINGS = Set.of("user", "service_tier", "reasoning_effort");
    private static final Set<String> OBJECTS = Set.of("metadata", "logit_bias");
    private static final Set<String> BOOLEANS = Set.of("store", "parallel_tool_calls");
    private static final int MAX_STOPS = 4;

    private ChatParams() {
    }

    /** Refuses what cannot be served or is malformed; returns the stop sequences (empty when none). */
    static List<String> check(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            JsonNode v = root.get(f);
            if (ROUND.contains(f) || v.isNull()) {
                continue;
            }
            if (NUMBERS.containsKey(f)) {
                double[] range = NUMBERS.get(f);
                if (!v.isNumber() || v.asDouble() < range[0] || v.asDouble() > range[1]) {
                    throw ApiError.badRequest(f, f + " must be a number from " + plain(range[0]) + " to " + plain(range[1]) + ", not "
                            + v + ". (It is accepted and left to each miner: the validators' consensus picks the answer.)");
                }
            } else if (f.equals("seed")) {
                if (!v.isIntegralNumber()) {
                    throw ApiError.badRequest(f, "seed must be a whole number, not " + v + ".");
                }
            } else if (STRINGS.contains(f) || OBJECTS.contains(f) || BOOLEANS.contains(f)) {
                boolean ok = STRINGS.contains(f) ? v.isTextual() : OBJECTS.contains(f) ? v.isObject() : v.isBoolean();
                if (!ok) {
                    throw ApiError.badRequest(f, f + " must be " + (STRINGS.contains(f) ? "a string" : OBJECTS.contains(f) ? "an object"
                            : "true or false") + ", not " + v + ".");
                }
            } else {
                refuseUnservable(f, v);
            }
        }
        return stops(root.get("stop"));
    }

    private static void refuseUnservable(String f, JsonNode v) {
        switch (f) {
            case "tools", "functions" -> {
                if (v.isArray() && v.isEmpty()) {
                    return;
                }
                throw unsupported(f, "PoQ miners answer in text only and cannot call tools or functions; send the request without "
                        + f + " (and without tool_choice).");
            }
            case "tool_choice", "function_call" -> {
                if (v.isTextual() && v.asText().equals("none")) {
                    return;
                }
                throw unsupported(f, "PoQ miners cannot call tools; " + f + " may only be \"none\".");
            }
            case "response_format" -> {
                if (v.isObject() && "text".equals(v.path("type").asText())) {
                    return;
                }
                throw unsupported(f, "PoQ answers are free text: response_format may only be {\"type\": \"text\"}. "
                        + "Structured output (json_object, json_schema) is not enforced by the network's miners.");
            }
            case "logprobs" -> {
                if (v.isBoolean() && !v.asBoolean()) {
                    return;
                }
                throw unsupported(f, "PoQ miners reveal the answer's text only, without log probabilities: send logprobs false or leave it out.");
            }
            case "top_logprobs" -> {
                if (v.isIntegralNumber() && v.asInt() == 0) {
                    return;
                }
                throw unsupported(f, "PoQ miners reveal no log probabilities: top_logprobs may only be 0.");
            }
            case "modalities" -> {
                if (v.isArray() && v.size() == 1 && "text".equals(v.get(0).asText())) {
                    return;
                }
                throw unsupported(f, "PoQ answers are text only: modalities may only be [\"text\"].");
            }
            default -> throw new ApiError(400, "invalid_request_error", "unknown_parameter", f,
                    "Unrecognized request argument: " + f + ". This server takes OpenAI's chat fields (model, messages, n, max_tokens, "
                            + "stream, stream_options, stop, sampling options) and the poq object; see docs/serve.md.", null);
        }
    }

    private static ApiError unsupported(String param, String message) {
        return new ApiError(400, "invalid_request_error", "unsupported_parameter", param, message, null);
    }

    private static List<String> stops(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            v = JsonNodeFactory.instance.arrayNode().add(v.asText());
        }
        if (!v.isArray() || v.size() > MAX_STOPS) {
            throw ApiError.badRequest("stop", "stop must be a string or a list of at most " + MAX_STOPS + " strings.");
        }
        for (JsonNode s : v) {
            if (!s.isTextual() || s.asText().isEmpty()) {
                throw ApiError.badRequest("stop", "stop must be a string or a list of at most " + MAX_STOPS + " non-empty strings, not " + v + ".");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
