package org.poq.app.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.poq.network.PoqNetwork;
import org.poq.network.events.TaskPhase;
import org.poq.network.events.TaskEvent;

/**
 * Which registered nodes of a model family and an evaluator did not act on the last task they were
 * drawn for, read from the market's recent events in one log query. A node that is registered but
 * not running (an app closed with its nodes left registered, a crashed host) shows up here: a task
 * that draws it waits for the deadline, and the requester should know before paying.
 */
public record Liveness(List<String> quietMiners, List<String> quietValidators) {
    /** How far back the check looks: about a day of blocks at one per second on a busy chain. */
    static final long LOOKBACK_BLOCKS = 86_400;

    public static Liveness none() {
        return new Liveness(List.of(), List.of());
    }

    public boolean allActive() {
        return quietMiners.isEmpty() && quietValidators.isEmpty();
    }

    Optional<String> warning(int commitWindowSeconds) {
        if (allActive()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (!quietMiners.isEmpty()) {
            parts.add(quietMiners.size() + " miner(s)");
        }
        if (!quietValidators.isEmpty()) {
            parts.add(quietValidators.size() + " validator(s)");
        }
        return Optional.of(String.join(" and ", parts) + " of this model and evaluator did not act on their last task"
                + " (they may not be running): if the draw picks them, the task waits for each deadline (up to "
                + Math.max(1, commitWindowSeconds / 60) + " min per phase) and their share is refunded.");
    }

    /** Reads the recent events: a node is quiet when its latest task's deadline passed without its commit. */
    public static Liveness check(PoqNetwork network, String family, byte[] evaluatorId) {
        long head = network.blockNumber();
        Instant now = RequesterSession.now(network);
        List<TaskEvent> events = network.events(Math.max(0, head - LOOKBACK_BLOCKS), head);
        Set<String> acted = new HashSet<>();
        Map<Object, Instant> scoreDeadline = new HashMap<>();
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.PhaseChanged p && p.phase() == TaskPhase.SCORE_COMMIT) {
                // validators are due only once the answers are revealed and the score window has closed
                scoreDeadline.put(p.taskId(), p.deadline());
            } else if (e instanceof TaskEvent.AnswerCommitted a) {
                acted.add(key(a.taskId(), a.miner()));
            } else if (e instanceof TaskEvent.ScoresCommitted s) {
                acted.add(key(s.taskId(), s.validator()));
            }
        }
        // the latest task of each node decides: a node that missed one and then worked is active again
        Map<String, Boolean> minerLast = new HashMap<>();
        Map<String, Boolean> validatorLast = new HashMap<>();
        // protocol v2 names the participants in the draw, after the submission: join the two
        Map<Object, TaskEvent.Submitted> submitted = new HashMap<>();
        List<TaskEvent.Submitted> drawn = new ArrayList<>();
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.Submitted s) {
                submitted.put(s.taskId(), s);
                if (!s.miners().isEmpty()) {
                    drawn.add(s);
                }
            } else if (e instanceof TaskEvent.Drawn d && submitted.containsKey(d.taskId())) {
                TaskEvent.Submitted s = submitted.get(d.taskId());
                drawn.add(new TaskEvent.Submitted(s.taskId(), d.position(), s.requester(), s.modelFamily(), s.evaluatorId(),
                        s.k(), s.m(), s.maxTokens(), s.fee(), s.prompt(), d.miners(), d.validators(), d.deadline()));
            }
        }
        for (TaskEvent.Submitted s : drawn) {
            boolean minersDue = now.isAfter(s.deadline());
            if (s.modelFamily().equals(family)) {
                for (String m : s.miners()) {
                    boolean did = acted.contains(key(s.taskId(), m));
                    if (did || minersDue) {
                        minerLast.put(m.toLowerCase(), did);
                    }
                }
            }
            if (Arrays.equals(s.evaluatorId(), evaluatorId)) {
                Instant due = scoreDeadline.get(s.taskId());
                boolean validatorsDue = due != null && now.isAfter(due);
                for (String v : s.validators()) {
                    boolean did = acted.contains(key(s.taskId(), v));
                    if (did || validatorsDue) {
                        validatorLast.put(v.toLowerCase(), did);
                    }
                }
            }
        }
        return new Liveness(quiet(minerLast), quiet(validatorLast));
    }

    private static List<String> quiet(Map<String, Boolean> last) {
        Set<String> out = new LinkedHashSet<>();
        last.forEach((node, did) -> {
            if (!did) {
                out.add(node);
            }
        });
        return List.copyOf(out);
    }

    private static String key(Object task, String node) {
        return task + "/" + node.toLowerCase();
    }
}
