package org.poq.evaluator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The contents of evaluator.json: what kind of model it is, how inputs are cut, and the score head.
 *
 * @param name            a label for people; not part of the id
 * @param maxLength       the most tokens one model input holds, special tokens included
 * @param maxPromptTokens the most prompt tokens kept; the answer gets the rest of maxLength
 */
public record EvaluatorConfig(String name, EvaluatorKind kind, int maxLength, int maxPromptTokens,
                              ScoreHead head, DegenerateGuard guard) {
    public static final int FORMAT = 1;
    /** BERT-family models have 512 positions. */
    public static final int MAX_SUPPORTED_LENGTH = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    public EvaluatorConfig {
        if (maxLength < 8 || maxLength > MAX_SUPPORTED_LENGTH) {
            throw new IllegalArgumentException("maxLength must be in 8.." + MAX_SUPPORTED_LENGTH + ": " + maxLength);
        }
        if (maxPromptTokens < 1 || maxPromptTokens > maxLength - 4) {
            throw new IllegalArgumentException("maxPromptTokens must be in 1..maxLength-4: " + maxPromptTokens);
        }
        if (kind == EvaluatorKind.BI && head.isSoftmax()) {
            throw new IllegalArgumentException("a bi-encoder's head must be \"logistic\" (it reads a cosine, not classes)");
        }
    }

    public static EvaluatorConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidEvaluatorException("missing " + file.getFileName() + " in " + file.getParent());
        }
        return parse(Files.readString(file));
    }

    public static EvaluatorConfig parse(String json) throws InvalidEvaluatorException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEvaluatorException("evaluator.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEvaluatorException("evaluator.json must hold a JSON object");
        }
        int format = requiredInt(root, "format");
        if (format != FORMAT) {
            throw new InvalidEvaluatorException("evaluator.json format " + format + " is not supported (this app reads " + FORMAT + ")");
        }
        try {
            JsonNode head = required(root, "head");
            JsonNode guard = root.get("guard");
            DegenerateGuard g = guard == null ? DegenerateGuard.standard() : new DegenerateGuard(
                    requiredDouble(guard, "minDistinctRatio"), requiredDouble(guard, "maxEchoRatio"),
                    requiredDouble(guard, "minScriptShare"), requiredInt(guard, "cap"));
            return new EvaluatorConfig(root.path("name").asText(""),
                    EvaluatorKind.parse(requiredText(root, "kind")),
                    requiredInt(root, "maxLength"), requiredInt(root, "maxPromptTokens"),
                    head(head), g);
        } catch (IllegalArgumentException e) {
            throw new InvalidEvaluatorException("evaluator.json: " + e.getMessage(), e);
        }
    }

    private static ScoreHead head(JsonNode head) throws InvalidEvaluatorException {
        String type = requiredText(head, "type");
        if (ScoreHead.SOFTMAX.equals(type)) {
            return ScoreHead.softmaxClass(requiredInt(head, "class"));
        }
        return new ScoreHead(type, requiredDouble(head, "scale"), requiredDouble(head, "bias"));
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", name);
        root.put("kind", kind.wireName());
        root.put("maxLength", maxLength);
        root.put("maxPromptTokens", maxPromptTokens);
        ObjectNode h = root.putObject("head");
        h.put("type", head.type());
        if (head.isSoftmax()) {
            h.put("class", head.classIndex());
        } else {
            h.put("scale", head.scale());
            h.put("bias", head.bias());
        }
        ObjectNode g = root.putObject("guard");
        g.put("minDistinctRatio", guard.minDistinctRatio());
        g.put("maxEchoRatio", guard.maxEchoRatio());
        g.put("minScriptShare", guard.minScriptShare());
        g.put("cap", guard.cap());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The lines of the id text that describe how scores are computed (docs/evaluator.md). Numbers are
     * written as the 16 hex digits of their IEEE-754 bits so that every language gets the same bytes.
     */
    String canonicalLines() {
        return "kind " + kind.wireName() + "\n"
                + "max_length " + maxLength + "\n"
                + "max_prompt_tokens " + maxPromptTokens + "\n"
                + head.canonicalLine()
                + "cut prompt=first answer=first\n"
                + "guard rules=" + DegenerateGuard.RULES_VERSION + " min_distinct_ratio=" + bits(guard.minDistinctRatio())
                + " max_echo_ratio=" + bits(guard.maxEchoRatio())
                + " min_script_share=" + bits(guard.minScriptShare()) + " cap=" + guard.cap() + "\n"
                + "relevance residual rules=" + PromptOverlap.RULES_VERSION + " combine=min\n"
                + agreement().canonicalLine()
                + RuntimeVersions.canonicalLine();
    }

    /** How relevance and agreement combine into the committed score; fixed in this version, named in the id. */
    public AgreementRule agreement() {
        return AgreementRule.standard();
    }

    static String bits(double v) {
        return String.format(Locale.ROOT, "%016x", Double.doubleToLongBits(v));
    }

    private static JsonNode required(JsonNode node, String field) throws InvalidEvaluatorException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidEvaluatorException("evaluator.json: missing \"" + field + "\"");
        }
        return v;
    }

    private static String requiredText(JsonNode node, String field) throws InvalidEvaluatorException {
        JsonNode v = required(node, field);
        if (!v.isTextual()) {
            throw new InvalidEvaluatorException("evaluator.json: \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static int requiredInt(JsonNode node, String field) throws InvalidEvaluatorException {
        JsonNode v = required(node, field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidEvaluatorException("evaluator.json: \"" + field + "\" must be an integer");
        }
        return v.asInt();
    }

    private static double requiredDouble(JsonNode node, String field) throws InvalidEvaluatorException {
        JsonNode v = required(node, field);
        if (!v.isNumber()) {
            throw new InvalidEvaluatorException("evaluator.json: \"" + field + "\" must be a number");
        }
        return v.asDouble();
    }
}
