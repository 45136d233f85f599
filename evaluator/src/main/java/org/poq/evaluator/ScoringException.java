package org.poq.evaluator;

/** The model failed while scoring (a native ONNX Runtime error); the inputs were valid text. */
public class ScoringException extends RuntimeException {
    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
