package org.poq.network.node;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.poq.core.TaskId;
import org.poq.network.events.TaskEvent;

/**
 * Which tasks the market's events concern this node, and how far its log cursor may be saved. A
 * submission is remembered until the draw says whether the node is in it; a task it was drawn for
 * holds the cursor back until the journal has a record of it, so a restart reads its draw again.
 */
final class Selections {
    private final Role role;
    private final String me;
    private final Set<TaskId> pending = ConcurrentHashMap.newKeySet();
    /** drawn tasks with no journal record yet, by draw block */
    private final Map<TaskId, Long> unrecorded = new ConcurrentHashMap<>();

    Selections(Role role, String me) {
        this.role = role;
        this.me = me;
    }

    /** Whether {@code e} is about a task of this node; {@code known} says whether it already works on or recorded it. */
    boolean concernsMe(TaskEvent e, Predicate<TaskId> known) {
        if (e instanceof TaskEvent.Submitted s) {
            pending.add(s.taskId());
            return false;
        }
        if (e instanceof TaskEvent.Drawn d) {
            if (role.pick(d.miners(), d.validators()).stream().anyMatch(me::equalsIgnoreCase)) {
                unrecorded.put(d.taskId(), d.position().block());
                return true;
            }
            pending.remove(d.taskId());
            return false;
        }
        return pending.contains(e.taskId()) || known.test(e.taskId());
    }

    /** The block the cursor may be saved at after reading an event in {@code block}. */
    long safeCursor(long block) {
        long oldest = unrecorded.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        return Math.min(block, oldest);
    }

    void recorded(TaskId id) {
        unrecorded.remove(id);
    }

    void settled(TaskId id) {
        pending.remove(id);
    }

    /** After a change of network: nothing known of the old chain's tasks concerns the new one. */
    void forgetAll() {
        pending.clear();
        unrecorded.clear();
    }

    Set<TaskId> unrecorded() {
        return unrecorded.keySet();
    }
}
