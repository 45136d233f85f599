package org.poq.app.serve;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.Refusal;
import org.poq.app.service.RequesterSession;
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
 * {@link Rounds} on the application layer's {@link RequesterSession}, the same one the Ask screen and
 * `poq ask` use: its checks and fee preview before signing, its submit, its following through
 * TaskTracker and its {@code advance()} past deadlines nobody acted on.
 */
public final class SessionRounds implements Rounds {
    /** Renews the kept chain values off the requests' threads; idle threads end, so nothing needs closing. */
    private static final ExecutorService RENEWALS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "poq-serve-reads");
        t.setDaemon(true);
        return t;
    });

    private final RequesterSession session;
    private final PoqNetwork net;
    private final Signer signer;
    private final TokenAmount approveUpTo;
    private final Set<String> knownNodes = new LinkedHashSet<>();
    private final RecentChainReads recent;
    private long nextBlock;

    /** {@code approveUpTo}: the allowance approved at once when it runs short (the day's budget). */
    public SessionRounds(RequesterSession session, Signer signer, TokenAmount approveUpTo) {
        this.session = session;
        this.net = session.network();
        this.signer = signer;
        this.approveUpTo = approveUpTo;
        this.nextBlock = net.descriptor().deployBlock();
        this.recent = new RecentChainReads(session.chainReads(), net::blockNumber, RENEWALS, System::nanoTime);
    }

    @Override
    public NetworkDescriptor network() {
        return net.descriptor();
    }

    @Override
    public synchronized Map<String, Integer> servedFamilies() {
        Map<String, Integer> out = new TreeMap<>();
        for (NodeInfo n : miners()) {
            if (n.modelFamily() != null && !n.modelFamily().isBlank()) {
                out.computeIfAbsent(n.modelFamily(), this::eligibleMiners);
            }
        }
        return out;
    }

    @Override
    public synchronized Set<Sha256> modelIds(String family) {
        Set<Sha256> out = new LinkedHashSet<>();
        for (NodeInfo n : miners()) {
            if (family.equals(n.modelFamily()) && n.modelHash() != null && n.modelHash().length == 32) {
                out.add(new Sha256(n.modelHash()));
            }
        }
        return out;
    }

    /** Every registered miner now, reading only the registrations since the last call. */
    private List<NodeInfo> miners() {
        long head = net.blockNumber();
        knownNodes.addAll(net.registeredNodes(nextBlock, head));
        nextBlock = head + 1;
        return knownNodes.stream().map(net::node).filter(n -> n.role() == NodeRole.MINER).toList();
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
    public long blockNumber() {
        return recent.height();
    }

    @Override
    public TaskView read(TaskId id) {
        return session.read(id);
    }

    @Override
    public Optional<TaskId> submittedSince(long fromBlock, TokenAmount fee, Set<TaskId> claimed) {
        return net.events(fromBlock, net.blockNumber()).stream()
                .filter(e -> e instanceof TaskEvent.Submitted s && s.requester().equalsIgnoreCase(signer.address())
                        && s.fee().equals(fee) && !claimed.contains(s.taskId()))
                .map(TaskEvent::taskId).findFirst();
    }

    @Override
    public Optional<Refusal> check(TaskRequest request) {
        Optional<Refusal> r = session.check(signer.address(), request, recent.kept());
        // a refusal is never decided on the kept copy: on the chain's values now, which renew the copy
        return r.isPresent() ? session.check(signer.address(), request, recent.renewing()) : r;
    }

    @Override
    public Finished run(TaskRequest request, Listener listener, Duration timeout) throws InterruptedException, StillRunning {
        listener.signing();
        try (FollowedTask task = session.submit(signer.credentials(), request, approveUpTo, listener::update)) {
            listener.submitted(task.id());
            return awaitFinished(task, timeout);
        }
    }

    @Override
    public Finished follow(TaskId id, Listener listener, Duration timeout) throws InterruptedException, StillRunning {
        listener.submitted(id);
        try (FollowedTask task = session.follow(id, signer.credentials(), listener::update)) {
            return awaitFinished(task, timeout);
        }
    }

    private Finished awaitFinished(FollowedTask task, Duration timeout) throws InterruptedException, StillRunning {
        TaskView done = task.awaitFinalized(timeout);
        if (done == null) {
            throw new StillRunning(task.id(), task.latest());
        }
        // the evidence's transaction hashes are on the events the tracker folded: no second log query on the way out
        List<TaskEvent> events = task.events();
        return new Finished(TaskTracker.replay(task.id(), events), events);
    }
}
