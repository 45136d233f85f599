package org.poq.app.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.ScorerOptions;
import org.poq.evaluator.validator.ValidatorService;

/**
 * The ONNX evaluator a validator declares, from the data folder (the bundled default offline). One
 * scorer at a time is kept open and shared by the validators that run it.
 */
public final class OnnxScorers implements ScorerSource {
    private final AppPaths paths;
    private Scorer scorer;

    public OnnxScorers(AppPaths paths) {
        this.paths = paths;
    }

    /** A source that starts from an evaluator already open (`poq node --validator DIR`). */
    public OnnxScorers(AppPaths paths, Scorer open) {
        this.paths = paths;
        this.scorer = open;
    }

    @Override
    public String describe(Sha256 evaluatorId) {
        return evaluatorId.equals(DefaultEvaluator.id()) ? "ONNX: all-MiniLM-L6-v2 (bundled)"
                : "ONNX: evaluator " + evaluatorId.hex().substring(0, 12);
    }

    @Override
    public synchronized ValidatorService.Evaluation open(Sha256 evaluatorId) {
        if (scorer == null || !scorer.evaluator().id().equals(evaluatorId)) {
            if (scorer != null) {
                scorer.close();
                scorer = null;
            }
            try {
                if (evaluatorId.equals(DefaultEvaluator.id())) {
                    DefaultEvaluator.install(paths);
                }
                scorer = Evaluators.open(paths, evaluatorId, ScorerOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the evaluator: " + Problems.describe(e), e);
            }
        }
        return ValidatorService.Evaluation.of(scorer);
    }

    /** The scorer now open, for a face that reports where it runs; null before the first {@link #open}. */
    public synchronized Scorer current() {
        return scorer;
    }

    @Override
    public synchronized void close() {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
    }
}
