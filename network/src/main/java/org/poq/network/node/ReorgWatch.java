package org.poq.network.node;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.poq.core.TaskId;

/**
 * Tasks this node settled lately, with the head block when it did: a reorganisation from an earlier
 * block may have undone their finalization, so they are looked at again. Settlements older than
 * {@link #WATCH_BLOCKS} blocks are forgotten (no reorganisation reaches that deep).
 */
final class ReorgWatch {
    static final long WATCH_BLOCKS = 256;
    private final Map<TaskId, Long> settledAt = new ConcurrentHashMap<>();

    void settled(TaskId id, long head) {
        forgetBefore(head);
        settledAt.put(id, head);
    }

    /** The settled tasks a reorganisation from {@code fromBlock} may have undone. */
    List<TaskId> undoneFrom(long fromBlock, long head) {
        forgetBefore(head);
        return settledAt.entrySet().stream().filter(e -> e.getValue() >= fromBlock).map(Map.Entry::getKey).toList();
    }

    private void forgetBefore(long head) {
        settledAt.values().removeIf(block -> block < head - WATCH_BLOCKS);
    }

    /** After a change of network: the old chain's settlements cannot be undone on the new one. */
    void forgetAll() {
        settledAt.clear();
    }
}
