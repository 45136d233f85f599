package org.poq.evaluator;

import java.io.IOException;
import java.util.List;

/** Proves an evaluator package works: the model loads with the right inputs and outputs, the tokenizer loads, a pair scores. */
final class PackageValidator {
    private PackageValidator() {
    }

    static void validate(EvaluatorPackage evaluator) throws IOException {
        ScorerOptions cpu = new ScorerOptions(ExecutionDevice.CPU, 1, 1);
        try (OnnxScorer scorer = OnnxScorer.open(evaluator, cpu)) {
            ScoredAnswer probe;
            try {
                probe = scorer.scoreDetailed("What is two plus two?", List.of("Two plus two is four.")).get(0);
            } catch (ScoringException e) {
                throw new InvalidEvaluatorException("model.onnx does not run with this tokenizer's input: " + e.getMessage(), e);
            }
            if (!Double.isFinite(probe.raw())) {
                throw new InvalidEvaluatorException("model.onnx gives a non-finite output (" + probe.raw() + ") for a plain pair");
            }
        }
    }
}
