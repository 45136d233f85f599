package org.poq.app.service;

import org.poq.core.Sha256;
import org.poq.evaluator.validator.ValidatorService;

/** Where a validator node's scores come from, by evaluator id: the ONNX evaluators in every face ({@link OnnxScorers}). */
public interface ScorerSource extends AutoCloseable {
    /** What scores, for the screen ("ONNX: all-MiniLM-L6-v2 (bundled)"). */
    String describe(Sha256 evaluatorId);

    /** Opens (or reuses) the evaluator. Blocking: loads a model. */
    ValidatorService.Evaluation open(Sha256 evaluatorId);

    @Override
    default void close() {
    }
}
