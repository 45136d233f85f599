package org.poq.app.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error in OpenAI's shape ({@code {"error": {"message", "type", "param", "code"}}}) with its HTTP
 * status. Messages say what happened and what to do, in plain words. {@code evidence}, when present,
 * is the round's {@code poq} object (a round that ran and refunded the fee still has evidence).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final transient ObjectNode evidence;

    public ApiError(int status, String type, String code, String param, String message, ObjectNode evidence) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.evidence = evidence;
    }

    public static ApiError badRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", getMessage());
        e.put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        e.put("code", code);
        if (evidence != null) {
            root.set("poq", evidence);
        }
        return root;
    }
}
