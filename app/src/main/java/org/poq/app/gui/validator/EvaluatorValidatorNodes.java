package org.poq.app.gui.validator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.poq.app.gui.shell.ParticipantNode;
import org.poq.app.gui.shell.Registration;
import org.poq.app.gui.shell.RunningNode;
import org.poq.core.AppPaths;
import org.poq.core.Score;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.ScorerOptions;
import org.poq.network.PoqNetwork;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.TaskContext;
import org.web3j.crypto.Credentials;

/** Validator nodes that score with the ONNX evaluator the task declares (the bundled default offline). */
public final class EvaluatorValidatorNodes implements ValidatorNodes {
    private final AppPaths paths;
    private Scorer scorer;

    public EvaluatorValidatorNodes(AppPaths paths) {
        this.paths = paths;
    }

    @Override
    public String describe(Setup setup) {
        return setup.evaluatorId().equals(DefaultEvaluator.id()) ? "ONNX: all-MiniLM-L6-v2 (bundled)"
                : "ONNX: evaluator " + setup.evaluatorId().hex().substring(0, 12);
    }

    @Override
    public synchronized RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup) {
        if (scorer == null || !scorer.evaluator().id().equals(setup.evaluatorId())) {
            if (scorer != null) {
                scorer.close();
            }
            try {
                if (setup.evaluatorId().equals(DefaultEvaluator.id())) {
                    DefaultEvaluator.install(paths);
                }
                scorer = Evaluators.open(paths, setup.evaluatorId(), ScorerOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the evaluator: " + e.getMessage(), e);
            }
        }
        Scorer s = scorer;
        Registration.ensureValidator(network, credentials, setup.evaluatorId(), setup.stake());
        ParticipantService node = ParticipantService.validator(network, credentials, new ParticipationJournal(db),
                task -> score(s, task), ParticipantService.Options.defaults());
        return new ParticipantNode(node.start());
    }

    private static int[] score(Scorer scorer, TaskContext task) {
        List<String> texts = new ArrayList<>();
        for (String a : task.answers()) {
            texts.add(a == null ? "" : a);
        }
        List<Score> scores = scorer.score(task.prompt(), texts);
        int[] out = new int[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = task.answers().get(i) == null ? 0 : scores.get(i).value();
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
    }
}
