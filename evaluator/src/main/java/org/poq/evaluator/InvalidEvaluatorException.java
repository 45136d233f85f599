package org.poq.evaluator;

import java.io.IOException;

/** An evaluator package that cannot be used: a missing, malformed, truncated or mismatched file. */
public class InvalidEvaluatorException extends IOException {
    public InvalidEvaluatorException(String message) {
        super(message);
    }

    public InvalidEvaluatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
