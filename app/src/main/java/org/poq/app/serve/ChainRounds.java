package org.poq.app.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.poq.app.gui.network.NodeDirectory;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.NetworkDescriptor;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskRequest;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.events.TaskEvent;

/**
 * {@link Rounds} on the network client: submit with the signer's key, follow through
 * {@link TaskTracker}, and call {@code advance()} once a deadline has passed (anyone may, and the
 * requester is the one waiting). This is the ask code path of `poq ask`; the application layer's
 * requester session replaces it once it exists.
 */
public final class ChainRounds implements Rounds {
    private static final long POLL_MILLIS = 25;

    private final PoqNetwork net;
    private final Signer signer;
    private final Set<String> knownNodes = new LinkedHashSet<>();
    private long nextBlock;

    public ChainRounds(PoqNetwork net, Signer signer) {
        this.net = net;
        this.signer = signer;
        this.nextBlock = net.descriptor().deployBlock();
    }

    @Override
    public NetworkDescriptor network() {
        return net.descriptor();
    }

    @Override
    public synchronized Map<String, Integer> servedFamilies() {
        long head = net.blockNumber();
        knownNodes.addAll(NodeDirectory.registered(net, nextBlock, head));
        nextBlock = head + 1;
        Map<String, Integer> out = new TreeMap<>();
        for (String address : knownNodes) {
            NodeInfo n = net.node(address);
            if (n.role() == NodeRole.MINER && n.modelFamily() != null && !n.modelFamily().isBlank()) {
                out.computeIfAbsent(n.modelFamily(), f -> net.eligibleMiners(f, signer.address()));
            }
        }
        return out;
    }

    @Override
    public int eligibleMiners(String family) {
        return net.eligibleMiners(family, signer.address());
    }

    @Override
    public int eligibleValidators(Sha256 evaluator) {
        return net.eligibleValidators(evaluator.bytes(), signer.address());
    }

    @Override
    public TokenAmount balance() {
        return net.poqBalance(signer.address());
    }

    @Override
    public Finished run(TaskRequest request, Listener listener, Duration timeout) throws InterruptedException, StillRunning {
        listener.signing();
        long from = net.blockNumber();
        TaskId id = signer.session(net).submitTask(request);
        listener.submitted(id);
        Instant giveUp = Instant.now().plus(timeout);
        try (TaskTracker tracker = TaskTracker.follow(net, id, from, listener::update)) {
            while (true) {
                TaskView v = tracker.latest();
                if (v != null && v.finalized()) {
                    // read back once: the finalizing transaction's rewards may arrive after the Finalized event
                    List<TaskEvent> events = net.events(from, net.blockNumber()).stream()
                            .filter(e -> e.taskId().equals(id)).toList();
                    return new Finished(TaskTracker.replay(id, events), events);
                }
                if (Instant.now().isAfter(giveUp)) {
                    throw new StillRunning(id, v);
                }
                if (v != null && v.deadline() != null && Instant.now().isAfter(v.deadline().plusSeconds(1))) {
                    advance(id);
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private void advance(TaskId id) {
        try {
            signer.session(net).advance(id);
        } catch (RuntimeException e) {
            // someone else advanced it first, the chain's clock is behind, or the wallet locked: next turn
        }
    }
}
