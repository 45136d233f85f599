package org.poq.network;

import org.poq.network.events.Audit;
import org.poq.network.events.PenaltyReason;
import org.poq.network.events.TaskPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.events.TaskEventStream;

/**
 * Folds one task's events into a {@link TaskView} and reports every change: what the Ask screen and
 * `poq ask` show while a round runs. Events arrive in chain order on the stream's thread. Events that
 * lack the network's confirmations are shown but counted in {@link TaskView#unconfirmed()}, so the view
 * is never final on them; events of blocks a reorganisation dropped leave the view.
 */
public final class TaskTracker implements AutoCloseable {
    private final TaskId id;
    private final Consumer<TaskView> onUpdate;
    private final List<TaskEvent> confirmed = new ArrayList<>();
    private List<TaskEvent> pending = List.of();
    private TaskEventStream stream;
    private volatile TaskView latest;

    private TaskTracker(TaskId id, Consumer<TaskView> onUpdate) {
        this.id = id;
        this.onUpdate = onUpdate;
    }

    /** Follows the task from the block it was submitted in (or earlier) until closed. */
    public static TaskTracker follow(PoqNetwork network, TaskId id, long fromBlock, Consumer<TaskView> onUpdate) {
        return follow(network, id, fromBlock, onUpdate, e -> { });
    }

    /** As {@link #follow(PoqNetwork, TaskId, long, Consumer)}, with the stream's read errors reported. */
    public static TaskTracker follow(PoqNetwork network, TaskId id, long fromBlock, Consumer<TaskView> onUpdate,
                                     Consumer<Exception> errors) {
        TaskTracker t = new TaskTracker(id, onUpdate);
        t.stream = network.watch(fromBlock, t.listener(), errors);
        return t;
    }

    /** Builds the view from events already read (for tests and one-shot reads). */
    public static TaskView replay(TaskId id, List<TaskEvent> events) {
        Fold fold = new Fold(id);
        events.stream().filter(e -> e.taskId().equals(id)).forEach(fold::apply);
        return fold.snapshot(0);
    }

    public TaskView latest() {
        return latest;
    }

    /** The task's events read so far, confirmed then pending, in chain order: each with its transaction's hash. */
    public synchronized List<TaskEvent> events() {
        List<TaskEvent> all = new ArrayList<>(confirmed);
        all.addAll(pending);
        return List.copyOf(all);
    }

    /** What the stream reports, as this tracker takes it. */
    TaskEventStream.Listener listener() {
        return new TaskEventStream.Listener() {
            @Override
            public void confirmed(TaskEvent event) {
                if (event.taskId().equals(id)) {
                    synchronized (TaskTracker.this) {
                        confirmed.add(event);
                    }
                    publish();
                }
            }

            @Override
            public void pending(List<TaskEvent> events) {
                synchronized (TaskTracker.this) {
                    pending = events.stream().filter(e -> e.taskId().equals(id)).toList();
                }
                publish();
            }

            @Override
            public void rolledBack(long fromBlock) {
                synchronized (TaskTracker.this) {
                    confirmed.removeIf(e -> e.position().block() >= fromBlock);
                    pending = List.of();
                }
                publish();
            }
        };
    }

    private void publish() {
        TaskView view;
        synchronized (this) {
            Fold fold = new Fold(id);
            confirmed.forEach(fold::apply);
            pending.forEach(fold::apply);
            view = fold.snapshot(pending.size());
        }
        latest = view;
        onUpdate.accept(view);
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }

    /** One pass over a task's events, in chain order. */
    private static final class Fold {
        private final TaskId id;
        private String prompt;
        private TaskPhase phase = TaskPhase.DRAWING;
        private Instant deadline;
        private List<String> miners = List.of();
        private List<String> validators = List.of();
        private final Map<Integer, String> texts = new HashMap<>();
        private final Map<Integer, Integer> positions = new HashMap<>();
        private final Map<String, List<Audit>> audits = new LinkedHashMap<>();
        private final Map<String, List<Integer>> scores = new LinkedHashMap<>();
        private List<Integer> consensus;
        private final Map<String, TokenAmount> rewards = new LinkedHashMap<>();
        private final Map<String, PenaltyReason> penalties = new LinkedHashMap<>();
        private final Map<String, TokenAmount> slashed = new LinkedHashMap<>();
        private TokenAmount fee = TokenAmount.ZERO;
        private TokenAmount refund = TokenAmount.ZERO;
        private int answersCommitted;
        private int scoresCommitted;
        private long targetBlock;
        private TokenAmount forfeited;

        Fold(TaskId id) {
            this.id = id;
        }

        void apply(TaskEvent e) {
            if (e instanceof TaskEvent.Submitted s) {
                prompt = s.prompt();
                fee = s.fee();
                targetBlock = s.position().block() + 1; // the market draws from the hash of the block after the submit
                if (!s.miners().isEmpty()) { // a v1 submission (or a replay built like one) names its participants
                    miners = s.miners();
                    validators = s.validators();
                    deadline = s.deadline();
                    phase = TaskPhase.ANSWER_COMMIT;
                }
            } else if (e instanceof TaskEvent.Drawn d) {
                miners = d.miners();
                validators = d.validators();
                deadline = d.deadline();
            } else if (e instanceof TaskEvent.Expired x) {
                forfeited = x.forfeited();
            } else if (e instanceof TaskEvent.PhaseChanged p) {
                // the Finalized event is the finalizing transaction's last: only it makes the view final, so a
                // reader that stops at "finalized" never sees a final phase without the consensus
                if (p.phase() != TaskPhase.FINALIZED) {
                    phase = p.phase();
                    deadline = p.deadline();
                }
            } else if (e instanceof TaskEvent.AnswerCommitted) {
                answersCommitted++;
            } else if (e instanceof TaskEvent.AnswerRevealed a) {
                texts.put(a.index(), a.answer());
                positions.put(a.index(), a.tokens().length);
            } else if (e instanceof TaskEvent.ScoresCommitted) {
                scoresCommitted++;
            } else if (e instanceof TaskEvent.ScoresRevealed r) {
                scores.put(r.validator(), r.scores());
                audits.put(r.validator(), r.audits());
            } else if (e instanceof TaskEvent.Rewarded r) {
                rewards.merge(r.node(), r.amount(), TokenAmount::plus);
            } else if (e instanceof TaskEvent.Penalized p) {
                penalties.put(p.node(), p.reason());
                slashed.merge(p.node(), p.slashed(), TokenAmount::plus);
            } else if (e instanceof TaskEvent.Finalized f) {
                consensus = f.consensus();
                refund = f.refund();
                phase = TaskPhase.FINALIZED;
            }
        }

        TaskView snapshot(int unconfirmed) {
            List<TaskView.Answer> answers = new ArrayList<>();
            for (int i = 0; i < miners.size(); i++) {
                Map<String, Integer> byValidator = new LinkedHashMap<>();
                for (Map.Entry<String, List<Integer>> s : scores.entrySet()) {
                    if (texts.containsKey(i) && i < s.getValue().size()) {
                        byValidator.put(s.getKey(), s.getValue().get(i));
                    }
                }
                String miner = miners.get(i);
                Integer c = consensus != null && texts.containsKey(i) ? consensus.get(i) : null;
                Map<String, Audit> auditsOf = new LinkedHashMap<>();
                for (Map.Entry<String, List<Audit>> a : audits.entrySet()) {
                    if (texts.containsKey(i) && i < a.getValue().size()) {
                        auditsOf.put(a.getKey(), a.getValue().get(i));
                    }
                }
                AnswerAudit audit = new AnswerAudit(positions.getOrDefault(i, 0), validators.size(),
                        Collections.unmodifiableMap(auditsOf), penalties.get(miner) == PenaltyReason.FAILED_AUDIT);
                answers.add(new TaskView.Answer(i, miner, texts.get(i), Collections.unmodifiableMap(byValidator), c,
                        rewards.getOrDefault(miner, TokenAmount.ZERO), audit));
            }
            return new TaskView(id, prompt, phase, deadline, miners, validators, List.copyOf(answers), Map.copyOf(rewards),
                    Map.copyOf(penalties), fee, refund, answersCommitted, scoresCommitted, scores.size(),
                    Map.copyOf(slashed), unconfirmed, targetBlock, forfeited);
        }
    }
}
