package org.poq.app.service;

import java.util.function.ToIntFunction;
import org.poq.core.Score;
import org.poq.core.Sha256;
import org.poq.evaluator.validator.ValidatorService;

/**
 * Test evaluators with fixed scores, under whatever id a test deploys: the validator around them is
 * the real {@link ValidatorService} (known-evaluator check, registration, the task's evaluator check).
 */
public final class FunctionScorers implements ScorerSource {
    private final String name;
    private final ToIntFunction<String> scoreOfAnswer;

    public FunctionScorers(String name, ToIntFunction<String> scoreOfAnswer) {
        this.name = name;
        this.scoreOfAnswer = scoreOfAnswer;
    }

    @Override
    public String describe(Sha256 evaluatorId) {
        return name;
    }

    @Override
    public ValidatorService.Evaluation open(Sha256 evaluatorId) {
        return new ValidatorService.Evaluation(evaluatorId, name, (prompt, answers) ->
                answers.stream().map(a -> new Score(scoreOfAnswer.applyAsInt(a))).toList());
    }

}
