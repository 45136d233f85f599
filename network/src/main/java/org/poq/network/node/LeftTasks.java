package org.poq.network.node;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.poq.core.TaskId;
import org.poq.network.NodeInfo;
import org.poq.network.PoqNetwork;
import org.poq.network.chain.PoqNetworkException;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;

/**
 * Tasks of this node's group that nobody drew: the requester's session posts the task's beacon round and draws
 * it, but a requester that goes away after submit would leave the task to expire, its fee burned and the group's
 * nodes unpaid (issue 22). So each node of the group that the task may draw watches its submissions, and a task
 * still undrawn some time after it was seen is drawn by the node: it posts the round (on a market that draws
 * from drand's beacon) and calls draw. The time is the grace plus a spread of up to half of it, fixed per node
 * and task, so that the group's nodes step in one after another rather than all sending the same draw; a node
 * that finds the task drawn does nothing. A node never expires a task (that is anyone's advance and pays it
 * nothing).
 */
final class LeftTasks {
    private static final Logger LOG = LoggerFactory.getLogger(LeftTasks.class);

    private final PoqNetwork network;
    private final PoqSession session;
    private final String me;
    private final Role role;
    private final Duration grace;
    private final NetworkGuard guard;
    /** submitted tasks not yet seen drawn */
    private final Map<TaskId, Watch> due = new ConcurrentHashMap<>();

    /**
     * A submission seen on the network the node was in at {@code epoch} ({@link NetworkGuard}): a task of another
     * chain (a reset under the running node) is never drawn on this one.
     */
    private record Watch(TaskEvent.Submitted submitted, long atMillis, long epoch) {
    }

    LeftTasks(PoqNetwork network, PoqSession session, String me, Role role, Duration grace, NetworkGuard guard) {
        this.network = network;
        this.session = session;
        this.me = me;
        this.role = role;
        this.grace = grace;
        this.guard = guard;
    }

    /** Follows the market's events: a submission is watched, a draw (or expiry) ends the watch. */
    void onEvent(TaskEvent e) {
        if (grace == null) {
            return; // this node does not step in (Options without LeftTasks)
        }
        if (e instanceof TaskEvent.Submitted s) {
            due.putIfAbsent(s.taskId(), new Watch(s, System.currentTimeMillis() + delayMillis(s.taskId()), guard.epoch()));
        } else if (e instanceof TaskEvent.Drawn || e instanceof TaskEvent.Expired || e instanceof TaskEvent.Finalized) {
            forget(e.taskId());
        }
    }

    /**
     * Steps in for every watched task whose time has come; called on the node's chain thread. What is the
     * same for all of them (whether the node is still on the chain it entered, its registration) is read
     * once per step, and only when some task is due: each is an RPC.
     */
    void step() {
        long now = System.currentTimeMillis();
        List<Map.Entry<TaskId, Watch>> ready = new ArrayList<>();
        for (Map.Entry<TaskId, Watch> e : due.entrySet()) {
            if (e.getValue().atMillis() > now) continue;
            if (e.getValue().epoch() != guard.epoch()) {
                forget(e.getKey()); // seen on a chain the node has left
            } else {
                ready.add(e);
            }
        }
        if (ready.isEmpty()) return;
        NodeInfo mine;
        try {
            if (!guard.stillOn()) {
                return; // the chain changed under the node and the guard has not entered the new one yet
            }
            mine = network.node(me);
        } catch (PoqNetworkException ex) {
            LOG.info("{} {}: could not read the chain to draw tasks left undrawn yet: {}", role.word(), me, ex.getMessage());
            return; // the next step retries
        }
        for (Map.Entry<TaskId, Watch> e : ready) {
            TaskId id = e.getKey();
            try {
                if (!role.serves(mine, e.getValue().submitted()) || !sameSubmission(e.getValue().submitted())) {
                    forget(id);
                } else if (session.drawLeftTask(id)) {
                    if (network.task(id).isDrawn()) {
                        LOG.info("{} {}: drew task {}, which its requester left undrawn", role.word(), me, id);
                    }
                    forget(id);
                }
            } catch (PoqNetworkException ex) {
                // another node drew it first, the chain did not answer, or drand's relays did not: the next step retries
                LOG.info("{} {}: could not draw task {} yet: {}", role.word(), me, id, ex.getMessage());
            }
        }
    }

    /**
     * Whether the chain the node reads now holds the submit transaction it saw, in the block it saw it in: a node
     * whose endpoint came to serve another chain with the same identity (a copy of one state) never draws that
     * chain's task of the same number.
     */
    private boolean sameSubmission(TaskEvent.Submitted s) {
        return network.holdsTransaction(s.position().txHash(), s.position().block());
    }

    /** After a change of network: nothing known of the old chain's tasks concerns the new one. */
    void forgetAll() {
        due.clear();
    }

    private void forget(TaskId id) {
        due.remove(id);
    }

    /** The grace plus 0 to half of it, from a hash of this node and the task: the same for both on every restart. */
    private long delayMillis(TaskId id) {
        long spread = grace.toMillis() / 2;
        if (spread == 0) return grace.toMillis();
        byte[] h = Hash.sha3((me.toLowerCase() + ":" + id.value()).getBytes(StandardCharsets.UTF_8));
        long r = ((h[0] & 0xffL) << 24 | (h[1] & 0xffL) << 16 | (h[2] & 0xffL) << 8 | (h[3] & 0xffL)) % (spread + 1);
        return grace.toMillis() + r;
    }
}
