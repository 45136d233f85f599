package org.poq.evaluator.validator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.poq.core.Score;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.TaskScore;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;
import org.poq.network.node.AnswerAuditor;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.TaskContext;
import org.web3j.crypto.Credentials;

/**
 * The validator node: registers with stake and its evaluator id, scores every revealed answer of the
 * tasks it is selected for with its evaluator, commits and reveals. Crash safety (scores and salt on
 * disk before the commit; a restart reveals; a task is scored once) is the participant service's.
 */
public final class ValidatorService implements AutoCloseable {
    /** @param auditor the audit by replay of every answer ({@link AnswerAuditor#NONE}: holds no model, abstains) */
    public record Config(TokenAmount stake, ParticipantService.Options options, AnswerAuditor auditor) {
        public static Config of(TokenAmount stake) {
            return new Config(stake, ParticipantService.Options.servingNode(), AnswerAuditor.NONE);
        }

        public Config withOptions(ParticipantService.Options o) {
            return new Config(stake, o, auditor);
        }

        public Config withAuditor(AnswerAuditor a) {
            return new Config(stake, options, a);
        }
    }

    /**
     * What a validator node scores with: the evaluator's id and name, and the scoring of the revealed
     * answers. The ONNX {@link Scorer} in every app face; a plain function where a test needs fixed scores.
     */
    public record Evaluation(Sha256 id, String name, AnswerScorer scorer) {
        /** The committed scores: relevance and agreement over the task's revealed answers (Scorer#scoreTask), as `poq score --tasks`. */
        public static Evaluation of(Scorer scorer) {
            return new Evaluation(scorer.evaluator().id(), scorer.evaluator().name(),
                    (prompt, revealed) -> scorer.scoreTask(prompt, revealed).stream().map(TaskScore::score).toList());
        }
    }

    /** One score per revealed answer, in order, given all of the task's revealed answers at once. */
    @FunctionalInterface
    public interface AnswerScorer {
        List<Score> score(String prompt, List<String> revealed);
    }

    private final PoqNetwork network;
    private final AnswerScorer scorer;
    private final Sha256 evaluatorId;
    private final ParticipationJournal journal;
    private final ParticipantService node;

    private ValidatorService(PoqNetwork network, Credentials credentials, Database db, Evaluation evaluation, Config config) {
        this.network = network;
        this.scorer = evaluation.scorer();
        this.evaluatorId = evaluation.id();
        this.journal = new ParticipationJournal(db);
        this.node = ParticipantService.validator(network, credentials, journal, this::score, config.auditor(),
                config.options());
    }

    /** Registers the account as a validator of the scorer's evaluator if needed, then follows the network. */
    public static ValidatorService start(PoqNetwork network, Credentials credentials, Database db, Scorer scorer,
                                         Config config) {
        return start(network, credentials, db, Evaluation.of(scorer), config);
    }

    /** As {@link #start(PoqNetwork, Credentials, Database, Scorer, Config)}, with the evaluation given apart. */
    public static ValidatorService start(PoqNetwork network, Credentials credentials, Database db, Evaluation evaluation,
                                         Config config) {
        Sha256 id = evaluation.id();
        if (!network.isKnownEvaluator(id.bytes())) {
            throw new IllegalStateException("this network does not know the evaluator " + evaluation.name()
                    + " (" + id.hex() + "); its governor must add it first");
        }
        NodeInfo info = network.node(credentials.getAddress());
        if (info.role() == NodeRole.MINER) {
            throw new IllegalStateException("account " + credentials.getAddress() + " is registered as a miner; "
                    + "a validator needs an account of its own");
        }
        if (info.role() == NodeRole.NONE || !Arrays.equals(info.evaluatorId(), id.bytes())) {
            // a validator here runs another evaluator than it registered for: it moves group
            TokenAmount missing = info.stakeToAdd(config.stake(), info.role() == NodeRole.VALIDATOR);
            network.session(credentials).registerValidator(id, missing);
        }
        ValidatorService service = new ValidatorService(network, credentials, db, evaluation, config);
        service.node.start();
        return service;
    }

    private int[] score(TaskContext task) {
        if (!Arrays.equals(task.evaluatorId(), evaluatorId.bytes())) {
            throw new IllegalStateException("task " + task.taskId() + " names another evaluator than this node runs");
        }
        List<String> revealed = new ArrayList<>();
        for (String a : task.answers()) {
            if (a != null) revealed.add(a);
        }
        // All revealed answers in one call, in reveal-slot order: agreement needs the whole set (`poq score --tasks` does the same).
        List<Score> scores = revealed.isEmpty() ? List.of() : scorer.score(task.prompt(), revealed);
        int[] out = new int[task.answers().size()];
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = task.answers().get(i) == null ? 0 : scores.get(next++).value();
        }
        return out;
    }

    /** Every validator's revealed scores for a task against its consensus, and this node's deviation. */
    public ScoreInspection inspect(TaskId id) {
        TaskState t = network.task(id);
        List<String> answers = new ArrayList<>(Collections.nCopies(t.k(), (String) null));
        for (TaskEvent e : network.events(t.submitBlock(), network.blockNumber())) {
            if (e instanceof TaskEvent.AnswerRevealed a && a.taskId().equals(id)) {
                answers.set(a.index(), a.answer());
            }
        }
        List<Integer> consensus = t.isFinalized() ? network.consensus(id) : List.of();
        Map<String, List<Integer>> byValidator = new LinkedHashMap<>();
        for (String v : t.validators()) {
            if (network.slot(id, v).revealed()) {
                byValidator.put(v, network.validatorScores(id, v));
            }
        }
        Double deviation = null;
        List<Integer> mine = byValidator.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(node.address()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (mine != null && !consensus.isEmpty()) {
            double total = 0;
            int n = 0;
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i) != null) {
                    total += Math.abs(mine.get(i) - consensus.get(i));
                    n++;
                }
            }
            deviation = n == 0 ? null : total / n;
        }
        return new ScoreInspection(id, answers, consensus, byValidator, deviation);
    }

    public List<Participation> history() {
        return journal.list(node.address());
    }

    public void onChange(Consumer<Participation> listener) {
        node.onChange(listener);
    }

    public void onError(Consumer<Exception> listener) {
        node.onError(listener);
    }

    /** What stops the node from serving, in plain words, once per change ({@link ParticipantService#onStanding}). */
    public void onStanding(Consumer<String> listener) {
        node.onStanding(listener);
    }

    public String address() {
        return node.address();
    }

    public Sha256 evaluatorId() {
        return evaluatorId;
    }

    @Override
    public void close() {
        node.close();
    }
}
