package org.poq.network.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;

/**
 * Drives one task round on a {@link ProtocolFixture}: who answers what, who commits without
 * revealing, who stays away, and what each validator scores. Steps that the fast path does not end
 * are ended by moving past the deadline and calling advance().
 */
public final class Round {
    private final ProtocolFixture f;
    private final TaskRequest request;
    private final Map<Integer, String> answers = new HashMap<>();
    private final Set<Integer> minersWithholding = new HashSet<>();
    private final Set<Integer> validatorsAbsent = new HashSet<>();
    private final Set<Integer> validatorsWithholding = new HashSet<>();
    private BiFunction<Integer, List<String>, int[]> scorer = (v, answers) -> new int[answers.size()];

    public Round(ProtocolFixture f, TaskRequest request) {
        this.f = f;
        this.request = request;
    }

    /**
     * A randomized round for the conservation tests: each miner answers (70%), commits and withholds
     * (10%) or stays away; each validator stays away (10%), withholds (10%) or reveals; scores are
     * pseudo-random.
     */
    public static Round randomized(ProtocolFixture f, TaskRequest request, java.util.Random r) {
        Round round = new Round(f, request);
        for (int i = 0; i < request.k(); i++) {
            int roll = r.nextInt(10);
            if (roll < 7) round.answer(i, "answer " + r.nextInt(1000));
            if (roll == 7) round.answer(i, "withheld").minerCommitsButWithholds(i);
        }
        for (int j = 0; j < request.m(); j++) {
            int roll = r.nextInt(10);
            if (roll == 8) round.validatorAbsent(j);
            if (roll == 9) round.validatorWithholds(j);
        }
        return round.scores((v, answers) -> answers.stream()
                .mapToInt(a -> a == null ? 0 : Math.min(10_000, Math.abs(a.hashCode()) % 10_001 + r.nextInt(300))).toArray());
    }

    /** Miner i (in selection order) answers; miners given no answer stay away. */
    public Round answer(int miner, String text) {
        answers.put(miner, text);
        return this;
    }

    public Round minerCommitsButWithholds(int miner) {
        minersWithholding.add(miner);
        return this;
    }

    public Round validatorAbsent(int validator) {
        validatorsAbsent.add(validator);
        return this;
    }

    public Round validatorWithholds(int validator) {
        validatorsWithholding.add(validator);
        return this;
    }

    /** scores(validatorIndex, answersBySelectedMiner (null where none revealed)) -> one score per selected miner. */
    public Round scores(BiFunction<Integer, List<String>, int[]> scorer) {
        this.scorer = scorer;
        return this;
    }

    public record Outcome(TaskId id, TaskState state, List<TaskEvent> events, TaskEvent.Finalized finalized) {
        public <T extends TaskEvent> List<T> all(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        public TokenAmount rewardOf(String node) {
            return all(TaskEvent.Rewarded.class).stream().filter(r -> r.node().equalsIgnoreCase(node))
                    .map(TaskEvent.Rewarded::amount).reduce(TokenAmount.ZERO, TokenAmount::plus);
        }

        public TokenAmount slashOf(String node) {
            return all(TaskEvent.Penalized.class).stream().filter(r -> r.node().equalsIgnoreCase(node))
                    .map(TaskEvent.Penalized::slashed).reduce(TokenAmount.ZERO, TokenAmount::plus);
        }

        public boolean penalized(String node) {
            return all(TaskEvent.Penalized.class).stream().anyMatch(r -> r.node().equalsIgnoreCase(node));
        }
    }

    public Outcome run() {
        long from = f.network().blockNumber() + 1;
        return play(f.requester().submitTask(request), from);
    }

    /** Plays a task that is already drawn (submitted at block {@code from} or later) to its end. */
    public Outcome play(TaskId id, long from) {
        TaskState t = f.network().task(id);
        List<String> ms = t.miners();
        List<String> vs = t.validators();

        for (int i = 0; i < ms.size(); i++) {
            if (answers.containsKey(i)) f.commitAnswer(id, ms.get(i), answers.get(i));
        }
        endIfStuck(id, TaskPhase.ANSWER_COMMIT);
        List<String> revealed = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            boolean reveals = answers.containsKey(i) && !minersWithholding.contains(i);
            if (reveals) f.revealAnswer(id, ms.get(i), answers.get(i));
            revealed.add(reveals ? answers.get(i) : null);
        }
        endIfStuck(id, TaskPhase.ANSWER_REVEAL);

        if (revealed.stream().anyMatch(a -> a != null)) {
            Map<Integer, int[]> given = new HashMap<>();
            for (int j = 0; j < vs.size(); j++) {
                if (validatorsAbsent.contains(j)) continue;
                given.put(j, scorer.apply(j, revealed));
                f.commitScores(id, vs.get(j), given.get(j));
            }
            endIfStuck(id, TaskPhase.SCORE_COMMIT);
            for (int j = 0; j < vs.size(); j++) {
                if (given.containsKey(j) && !validatorsWithholding.contains(j)) f.revealScores(id, vs.get(j), given.get(j));
            }
        }
        endIfStuck(id, TaskPhase.SCORE_REVEAL);
        for (int guard = 0; guard < 5 && !f.network().task(id).isFinalized(); guard++) {
            passDeadlineAndAdvance(id);
        }
        TaskState end = f.network().task(id);
        List<TaskEvent> events = f.network().events(from, f.network().blockNumber()).stream()
                .filter(e -> e.taskId().equals(id)).toList();
        TaskEvent.Finalized fin = events.stream().filter(e -> e instanceof TaskEvent.Finalized)
                .map(e -> (TaskEvent.Finalized) e).findFirst().orElse(null);
        return new Outcome(id, end, events, fin);
    }

    /** If the task is still in {@code phase} waiting for someone, lets the deadline pass and advances it once. */
    private void endIfStuck(TaskId id, TaskPhase phase) {
        TaskState s = f.network().task(id);
        if (s.phase() == phase && stuck(s)) {
            passDeadlineAndAdvance(id);
        }
    }

    private void passDeadlineAndAdvance(TaskId id) {
        f.increaseTime(Math.max(f.network().descriptor().params().commitWindowSeconds(),
                f.network().descriptor().params().revealWindowSeconds()) + 1L);
        f.requester().advance(id);
    }

    private boolean stuck(TaskState s) {
        return switch (s.phase()) {
            case ANSWER_COMMIT -> s.answerCommits() < s.k();
            case ANSWER_REVEAL -> s.answerReveals() < s.answerCommits();
            case SCORE_COMMIT -> s.scoreCommits() < s.m();
            case SCORE_REVEAL -> s.scoreReveals() < s.scoreCommits();
            default -> false;
        };
    }
}
