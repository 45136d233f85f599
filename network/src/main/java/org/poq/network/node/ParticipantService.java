package org.poq.network.node;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.poq.core.StateLine;
import org.poq.core.TaskId;
import org.poq.network.Commitments;
import org.poq.network.NodeRole;
import org.poq.network.NodeUnreachableException;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqNetworkException;
import org.poq.network.PoqSession;
import org.poq.network.TaskPhase;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;
import org.poq.network.events.TaskEventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

/**
 * A miner or validator node: follows the market's events, and for every task where it is selected
 * does its work, commits, reveals and records the outcome. Each decision is taken by
 * {@link #reconcile}, which compares the chain with the journal and takes the next step; events only
 * say which task to look at. So a restart, a missed event or a crash anywhere between two steps is
 * handled by the same code: the journal holds the payload and salt before the commit is sent, the
 * chain says what was already sent, and a task is worked on and committed once.
 */
public final class ParticipantService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParticipantService.class);

    /**
     * Named points between two steps. A hook that throws halts the node at once, as a crash there
     * would; fault tests use it, then start a new node on the same journal.
     */
    public interface Checkpoints {
        Checkpoints NONE = point -> { };

        void reached(String point);
    }

    public record Options(int maxConcurrentJobs, long pollMillis, Checkpoints checkpoints) {
        public static Options defaults() {
            return new Options(1, 200, Checkpoints.NONE);
        }

        public Options withCheckpoints(Checkpoints c) {
            return new Options(maxConcurrentJobs, pollMillis, c);
        }
    }

    private final PoqNetwork network;
    private final PoqSession session;
    private final String me;
    private final NodeRole role;
    private final ParticipationJournal journal;
    private final MinerWork minerWork;
    private final ValidatorWork validatorWork;
    private final Options options;
    private final ExecutorService chainActions;
    private final ExecutorService workers;
    private final Set<TaskId> working = ConcurrentHashMap.newKeySet();
    private final Set<TaskId> declined = ConcurrentHashMap.newKeySet();
    private final Set<TaskId> cancelledAtDeadline = ConcurrentHashMap.newKeySet();
    /** A commit sent this close to the deadline may land after it: the node does not send it. */
    static final long COMMIT_MARGIN_MILLIS = 1_000;
    /** The market's bound on answer length per requested token (TaskMarket.MAX_BYTES_PER_TOKEN). */
    static final int MAX_BYTES_PER_TOKEN = 32;
    private final Map<TaskId, String> prompts = new ConcurrentHashMap<>();
    /** selected tasks with no journal record yet, by submit block: the saved cursor never passes them */
    private final Map<TaskId, Long> unrecorded = new ConcurrentHashMap<>();
    private final List<Consumer<Participation>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Consumer<Exception> errors = e -> LOG.warn("node error: {}", e.getMessage());
    private final StateLine errorLine = new StateLine();
    private volatile TaskEventStream stream;
    private final java.util.concurrent.ScheduledThreadPoolExecutor resync = resyncExecutor();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong resends = new java.util.concurrent.atomic.AtomicLong();
    /** Tasks settled lately, with the head block when they were: a reorganisation may undo their finalization. */
    private final Map<TaskId, Long> settledAt = new ConcurrentHashMap<>();
    private static final long SETTLED_WATCH_BLOCKS = 256;

    private ParticipantService(PoqNetwork network, Credentials credentials, NodeRole role, ParticipationJournal journal,
                               MinerWork minerWork, ValidatorWork validatorWork, Options options) {
        this.network = network;
        this.session = network.session(credentials);
        this.me = credentials.getAddress();
        this.role = role;
        this.journal = journal;
        this.minerWork = minerWork;
        this.validatorWork = validatorWork;
        this.options = options;
        this.chainActions = Executors.newSingleThreadExecutor(daemon("poq-" + role.name().toLowerCase() + "-chain"));
        this.workers = Executors.newFixedThreadPool(Math.max(1, options.maxConcurrentJobs()),
                daemon("poq-" + role.name().toLowerCase() + "-work"));
    }

    public static ParticipantService miner(PoqNetwork network, Credentials credentials, ParticipationJournal journal,
                                           MinerWork work, Options options) {
        return new ParticipantService(network, credentials, NodeRole.MINER, journal, work, null, options);
    }

    public static ParticipantService validator(PoqNetwork network, Credentials credentials, ParticipationJournal journal,
                                               ValidatorWork work, Options options) {
        return new ParticipantService(network, credentials, NodeRole.VALIDATOR, journal, null, work, options);
    }

    public String address() {
        return me;
    }

    public NodeRole role() {
        return role;
    }

    /** Called on a background thread whenever a record of this node changes. */
    public void onChange(Consumer<Participation> listener) {
        listeners.add(listener);
    }

    public void onError(Consumer<Exception> listener) {
        this.errors = listener;
    }

    /** Resumes unfinished tasks, then follows the chain from where the node stopped. */
    public ParticipantService start() {
        for (Participation p : journal.unfinished(me)) {
            schedule(p.taskId());
        }
        long from = journal.cursor(me).orElse(network.descriptor().deployBlock());
        // a send that failed (node unreachable, lost connection) is retried even if no new event arrives
        long every = Math.max(1_000, options.pollMillis() * 10);
        resync.scheduleWithFixedDelay(this::resyncUnfinished, every, every, TimeUnit.MILLISECONDS);
        stream = network.watch(from, new TaskEventStream.Listener() {
            @Override
            public void confirmed(TaskEvent event) {
                onEvent(event);
            }

            @Override
            public void rolledBack(long fromBlock) {
                reopenSettledSince(fromBlock);
            }
        }, e -> {
            if (!closed) {
                report(e);
            }
        });
        return this;
    }

    /** A reorganisation from {@code fromBlock} may have undone a finalization this node has settled: look again. */
    private void reopenSettledSince(long fromBlock) {
        long head = stream == null ? fromBlock : stream.headBlock();
        settledAt.values().removeIf(block -> block < head - SETTLED_WATCH_BLOCKS);
        settledAt.forEach((id, block) -> {
            if (block >= fromBlock) {
                schedule(id);
            }
        });
    }

    /** The next block the node will read; it is persisted as the node goes. */
    public long cursor() {
        return stream == null ? journal.cursor(me).orElse(0L) : stream.nextBlock();
    }

    private void onEvent(TaskEvent e) {
        boolean mine;
        if (e instanceof TaskEvent.Submitted s) {
            prompts.put(s.taskId(), s.prompt()); // until the draw says whether this node is in it
            mine = false;
        } else if (e instanceof TaskEvent.Drawn d) {
            List<String> selected = role == NodeRole.MINER ? d.miners() : d.validators();
            mine = selected.stream().anyMatch(me::equalsIgnoreCase);
            if (mine) {
                unrecorded.put(d.taskId(), d.position().block());
            } else {
                prompts.remove(d.taskId());
            }
        } else {
            mine = prompts.containsKey(e.taskId()) || working.contains(e.taskId()) || journal.get(me, e.taskId()).isPresent();
        }
        if (mine) {
            schedule(e.taskId());
        }
        long safe = unrecorded.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        journal.saveCursor(me, Math.min(e.position().block(), safe));
    }

    /**
     * Passes a problem on when it starts or changes, then as a reminder every 30 s while it repeats: the
     * resync every 2 s must not log the same "no task #2 on this network" without end (decision 0038).
     */
    private void report(Exception e) {
        String message = String.valueOf(e.getMessage());
        errorLine.report(message).ifPresent(line -> errors.accept(line.equals(message) ? e : new PoqNetworkException(line, e)));
    }

    private void resyncUnfinished() {
        try {
            journal.unfinished(me).forEach(p -> schedule(p.taskId()));
            unrecorded.keySet().forEach(this::schedule);
        } catch (RuntimeException e) {
            if (!closed) {
                report(e);
            }
        }
    }

    private void schedule(TaskId id) {
        if (!closed) {
            chainActions.execute(() -> reconcileSafely(id));
        }
    }

    private void checkpoint(String point) {
        try {
            options.checkpoints().reached(point);
        } catch (RuntimeException crash) {
            halt();
            throw crash;
        }
    }

    private void halt() {
        closed = true;
        resync.shutdownNow();
        if (stream != null) {
            stream.close();
        }
        chainActions.shutdownNow();
        workers.shutdownNow();
    }

    private void reconcileSafely(TaskId id) {
        if (closed) {
            return;
        }
        try {
            reconcile(id);
        } catch (RuntimeException e) {
            if (!closed) {
                report(e); // after close, interrupted calls are the shutdown itself, not errors
            }
        }
    }

    /** Compares the chain with the journal and takes the next step for one task. */
    void reconcile(TaskId id) {
        if (closed) {
            return;
        }
        TaskState t = network.task(id);
        List<String> selected = role == NodeRole.MINER ? t.miners() : t.validators();
        if (selected.stream().noneMatch(me::equalsIgnoreCase)) {
            return;
        }
        TaskPhase commitPhase = role == NodeRole.MINER ? TaskPhase.ANSWER_COMMIT : TaskPhase.SCORE_COMMIT;
        TaskPhase revealPhase = role == NodeRole.MINER ? TaskPhase.ANSWER_REVEAL : TaskPhase.SCORE_REVEAL;
        Optional<Participation> record = journal.get(me, id);
        if (t.phase() == TaskPhase.FINALIZED) {
            syncWithChain(id, record);
            settle(t);
            return;
        }
        if (record.isPresent() && record.get().state() == ParticipationState.FINISHED) {
            LOG.warn("{} {}: the finalization of task {} was dropped from the chain (a reorganisation); waiting for it again",
                    role.name().toLowerCase(), me, id);
            advance(id, ParticipationState.REVEALED); // a dropped step is resent below like any other
            record = journal.get(me, id);
        }
        if (t.phase().ordinal() < commitPhase.ordinal()) {
            return;
        }
        if (record.isEmpty()) {
            if (t.phase() == commitPhase) {
                startWork(t);
            }
            return;
        }
        Participation p = record.get();
        PoqNetwork.Slot slot = network.slot(id, me);
        if (p.state() == ParticipationState.PREPARED) {
            if (slot.committed()) {
                advance(id, ParticipationState.COMMITTED); // the commit was sent before a crash
            } else if (t.phase() == commitPhase && !beforeDeadline(t.deadline(), COMMIT_MARGIN_MILLIS)) {
                fail(id, "the commit deadline passed before the work could be committed");
            } else if (t.phase() == commitPhase) {
                commit(p);
                checkpoint("after-commit-sent");
                advance(id, ParticipationState.COMMITTED);
                checkpoint("after-commit-recorded");
            } else {
                fail(id, "the commit phase ended before the work was committed");
            }
            return;
        }
        if (p.state() == ParticipationState.COMMITTED) {
            if (slot.revealed()) {
                advance(id, ParticipationState.REVEALED);
            } else if (slot.committed() && t.phase() == revealPhase) {
                reveal(p);
                advance(id, ParticipationState.REVEALED);
                checkpoint("after-reveal-recorded");
            } else {
                resendDropped(p, t, slot, commitPhase, revealPhase);
            }
            return;
        }
        if (p.state() == ParticipationState.REVEALED) {
            resendDropped(p, t, slot, commitPhase, revealPhase);
        }
    }

    /**
     * The journal says a step was sent but the chain does not have it: its block was dropped by a
     * reorganisation. The step is sent again from the journal (the same payload and salt, so the same
     * commitment: never a second, different one) while its phase is open.
     */
    private void resendDropped(Participation p, TaskState t, PoqNetwork.Slot slot, TaskPhase commitPhase,
                               TaskPhase revealPhase) {
        if (!slot.committed() && t.phase() == commitPhase) {
            resend(p, "commit");
            commit(p);
        } else if (p.state() == ParticipationState.REVEALED && slot.committed() && !slot.revealed()
                && t.phase() == revealPhase) {
            resend(p, "reveal");
            reveal(p);
        }
    }

    private void resend(Participation p, String step) {
        LOG.warn("{} {}: the {} for task {} was dropped from the chain (a reorganisation); sending it again from the journal",
                role.name().toLowerCase(), me, step, p.taskId());
        resends.incrementAndGet();
    }

    /** Steps sent again because a reorganisation dropped them (each from the journal, never a new commitment). */
    public long resends() {
        return resends.get();
    }

    private void syncWithChain(TaskId id, Optional<Participation> record) {
        if (record.isPresent() && record.get().state() == ParticipationState.COMMITTED && network.slot(id, me).revealed()) {
            advance(id, ParticipationState.REVEALED);
        }
    }

    /**
     * Starts the work unless it cannot pay or cannot be committed in time: a task that offers less per
     * participant than the price this node declared in the registry is declined (the market does not
     * penalize that), and a task whose commit deadline has passed (a restart after the window closed)
     * is not worked on at all. Work still running at the commit deadline is cancelled.
     */
    private void startWork(TaskState t) {
        if (declined.contains(t.id()) || !working.add(t.id())) {
            return;
        }
        java.math.BigInteger offer = t.fee().wei().divide(java.math.BigInteger.valueOf((long) t.k() + t.m()));
        java.math.BigInteger price = network.minPrice(me).wei();
        if (offer.compareTo(price) < 0) {
            working.remove(t.id());
            declined.add(t.id());
            LOG.info("declined task {}: it pays {} wei per participant, below this node's price of {} wei", t.id(), offer, price);
            return;
        }
        if (!beforeDeadline(t.deadline(), COMMIT_MARGIN_MILLIS)) {
            working.remove(t.id());
            declined.add(t.id());
            LOG.info("task {}: its commit deadline has passed; not starting work that could not be committed", t.id());
            return;
        }
        var job = workers.submit(() -> {
            try {
                checkpoint("before-reading-the-task");
                TaskContext ctx = context(t);
                String payload = role == NodeRole.MINER ? cut(minerWork.answer(ctx), ctx.maxAnswerBytes()) : encode(validatorWork.scores(ctx));
                if (closed || !stillCurrent(ctx)) {
                    return; // the resync starts the work again on the chain as it is now
                }
                if (!beforeDeadline(t.deadline(), COMMIT_MARGIN_MILLIS)) {
                    journal.fail(me, t.id(), role, "the work outlived the commit deadline; not committed");
                    notifyChange(t.id());
                    return;
                }
                journal.prepare(me, t.id(), role, payload, Commitments.newSalt());
                notifyChange(t.id());
                checkpoint("after-prepare");
                schedule(t.id());
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                if (e instanceof TaskDeclinedException) {
                    declined.add(t.id());
                    LOG.info("declined task {}: {}", t.id(), e.getMessage());
                    journal.fail(me, t.id(), role, "declined: " + e.getMessage());
                    notifyChange(t.id());
                    return;
                }
                if (e instanceof NodeUnreachableException && !cancelledAtDeadline.contains(t.id())) {
                    // the chain could not be read for a while (an outage, a lagging backend): the work is not
                    // lost; the node's resync starts it again, and startWork checks the deadline first
                    LOG.warn("task {}: {}; trying again", t.id(), e.getMessage());
                    return;
                }
                boolean late = cancelledAtDeadline.remove(t.id()) || !beforeDeadline(t.deadline(), COMMIT_MARGIN_MILLIS);
                journal.fail(me, t.id(), role, late ? "cancelled at the commit deadline; not committed"
                        : "work failed: " + e.getMessage());
                notifyChange(t.id());
                if (!late) {
                    report(e);
                }
            } finally {
                working.remove(t.id());
            }
        });
        // the watchdog: at the commit deadline, work that has not finished is interrupted
        long untilDeadline = t.deadline().toEpochMilli() - nowMillis() - COMMIT_MARGIN_MILLIS;
        if (closed) {
            return;
        }
        resync.schedule(() -> {
            if (!job.isDone()) {
                LOG.info("task {}: the work did not finish before the commit deadline; cancelling it", t.id());
                cancelledAtDeadline.add(t.id());
                job.cancel(true);
            }
        }, Math.max(0, untilDeadline), TimeUnit.MILLISECONDS);
    }

    /** The chain's clock: the later of this machine's clock and the latest block's timestamp. */
    private long nowMillis() {
        return Math.max(System.currentTimeMillis(), network.latestBlockTime().toEpochMilli());
    }

    private boolean beforeDeadline(java.time.Instant deadline, long marginMillis) {
        return nowMillis() + marginMillis < deadline.toEpochMilli();
    }

    /** The most bytes an answer may hold on chain: the protocol's limit and 32 bytes per requested token. */
    private int maxAnswerBytes(TaskState t) {
        long byTokens = (long) t.maxTokens() * MAX_BYTES_PER_TOKEN;
        int byProtocol = network.descriptor().params() == null ? Integer.MAX_VALUE : network.descriptor().params().maxAnswerBytes();
        return (int) Math.min(byTokens, byProtocol);
    }

    /** Cuts an answer to {@code maxBytes} of UTF-8 on a character boundary: a longer one would revert on reveal. */
    static String cut(String answer, int maxBytes) {
        byte[] bytes = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return answer;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not split a multi-byte character
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Scores must be given to the answers the chain holds: a reorganisation while the work ran may have
     * dropped a reveal the work saw, or the work may have read a node that had not seen one yet.
     */
    private boolean stillCurrent(TaskContext ctx) {
        if (role == NodeRole.MINER) {
            return true;
        }
        TaskState now = network.task(ctx.taskId());
        long seen = ctx.answers().stream().filter(java.util.Objects::nonNull).count();
        if (now.phase() != TaskPhase.SCORE_COMMIT || now.answerReveals() != seen) {
            LOG.warn("task {} changed on chain while it was scored ({} answers seen, {} on chain): scoring again",
                    ctx.taskId(), seen, now.answerReveals());
            return false;
        }
        return true;
    }

    private TaskContext context(TaskState t) {
        // never below the submit block: a head read from a node that lags the one the task was read from
        // would otherwise skip the submission (the pager waits for a lagging node to reach the block)
        long to = Math.max(network.blockNumber(), t.submitBlock());
        List<TaskEvent> events = network.events(t.submitBlock(), to).stream()
                .filter(e -> e.taskId().equals(t.id())).toList();
        TaskEvent.Submitted submitted = events.stream().filter(e -> e instanceof TaskEvent.Submitted)
                .map(e -> (TaskEvent.Submitted) e).findFirst()
                .orElseThrow(() -> new NodeUnreachableException("the node's logs do not show the submission of task "
                        + t.id() + " yet", null));
        List<String> answers = new ArrayList<>(java.util.Collections.nCopies(t.k(), (String) null));
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.AnswerRevealed a) {
                answers.set(a.index(), a.answer());
            }
        }
        return new TaskContext(t.id(), submitted.prompt(), submitted.modelFamily(), submitted.evaluatorId(),
                submitted.maxTokens(), answers, t.deadline(), maxAnswerBytes(t));
    }

    private void commit(Participation p) {
        byte[] commitment = role == NodeRole.MINER
                ? Commitments.answer(p.taskId(), me, p.payload(), p.salt())
                : Commitments.scores(p.taskId(), me, decode(p.payload()), p.salt());
        if (role == NodeRole.MINER) {
            session.commitAnswer(p.taskId(), commitment);
        } else {
            session.commitScores(p.taskId(), commitment);
        }
    }

    private void reveal(Participation p) {
        if (role == NodeRole.MINER) {
            session.revealAnswer(p.taskId(), p.payload(), p.salt());
        } else {
            session.revealScores(p.taskId(), decode(p.payload()), p.salt());
        }
    }

    /** Records what the finished task paid or took, read from the market's events for it. */
    private void settle(TaskState t) {
        List<TaskEvent> events = network.events(t.submitBlock(), network.blockNumber()).stream()
                .filter(e -> e.taskId().equals(t.id())).toList();
        BigInteger reward = BigInteger.ZERO;
        BigInteger slashed = BigInteger.ZERO;
        String reason = null;
        Integer consensus = null;
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.Rewarded r && r.node().equalsIgnoreCase(me)) {
                reward = reward.add(r.amount().wei());
            } else if (e instanceof TaskEvent.Penalized p && p.node().equalsIgnoreCase(me)) {
                slashed = slashed.add(p.slashed().wei());
                reason = p.reason().description();
            } else if (e instanceof TaskEvent.Finalized f && role == NodeRole.MINER) {
                int index = indexOf(t.miners());
                consensus = index >= 0 && index < f.consensus().size() ? f.consensus().get(index) : null;
            }
        }
        journal.settle(me, t.id(), role, reward, slashed, reason, consensus);
        long head = stream == null ? 0 : stream.headBlock();
        settledAt.values().removeIf(block -> block < head - SETTLED_WATCH_BLOCKS);
        settledAt.put(t.id(), head);
        prompts.remove(t.id());
        notifyChange(t.id());
    }

    private int indexOf(List<String> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).equalsIgnoreCase(me)) return i;
        }
        return -1;
    }

    private void advance(TaskId id, ParticipationState state) {
        journal.advance(me, id, state);
        notifyChange(id);
    }

    private void fail(TaskId id, String reason) {
        journal.fail(me, id, role, reason);
        notifyChange(id);
    }

    private void notifyChange(TaskId id) {
        journal.get(me, id).ifPresent(p -> {
            unrecorded.remove(id);
            listeners.forEach(l -> l.accept(p));
        });
    }

    static String encode(int[] scores) {
        return Arrays.stream(scores).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    static int[] decode(String payload) {
        return Arrays.stream(payload.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor resyncExecutor() {
        var e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("poq-node-resync"));
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops following the chain; work in flight is abandoned and resumed from the journal next start. */
    @Override
    public void close() {
        halt();
        try {
            chainActions.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
