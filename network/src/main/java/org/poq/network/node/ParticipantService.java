package org.poq.network.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.poq.core.TaskId;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
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
 * chain says what was already sent, and a task is worked on and committed once. What differs between
 * a miner and a validator is the {@link Role}; the commit deadline is the {@link DeadlineWatchdog}'s,
 * settled tasks a reorganisation may undo are the {@link ReorgWatch}'s, and tasks of its group that their
 * requester left undrawn are {@link LeftTasks}'.
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

    /**
     * @param drawLeftAfter a task of the node's group still undrawn this long (plus up to half again) after the
     *                      node saw it submitted is drawn by the node, its beacon round posted ({@link LeftTasks});
     *                      null: the node does not step in (the bare defaults: nodes of protocol tests that play
     *                      their own draws; MinerService and ValidatorService enable it)
     * @param beaconRelays  drand HTTP endpoints for those rounds; null: drand's public relays
     */
    public record Options(int maxConcurrentJobs, long pollMillis, Checkpoints checkpoints, Duration drawLeftAfter,
                          List<String> beaconRelays) {
        /** Past the requester's own draw: a beacon round is published 30 to 33 s after submit (the lead). */
        public static final Duration DRAW_LEFT_AFTER = Duration.ofSeconds(60);

        /** A node that does not step in for tasks left undrawn (MinerService and ValidatorService nodes do). */
        public Options(int maxConcurrentJobs, long pollMillis, Checkpoints checkpoints) {
            this(maxConcurrentJobs, pollMillis, checkpoints, null, null);
        }

        public static Options defaults() {
            return new Options(1, 200, Checkpoints.NONE);
        }

        /** The defaults of a serving node (MinerService, ValidatorService): it draws tasks left undrawn. */
        public static Options servingNode() {
            return defaults().withLeftTasks(DRAW_LEFT_AFTER, null);
        }

        public Options withCheckpoints(Checkpoints c) {
            return new Options(maxConcurrentJobs, pollMillis, c, drawLeftAfter, beaconRelays);
        }

        public Options withLeftTasks(Duration after, List<String> relays) {
            return new Options(maxConcurrentJobs, pollMillis, checkpoints, after, relays == null ? null : List.copyOf(relays));
        }
    }

    private final PoqNetwork network;
    private final PoqSession session;
    private final String me;
    private final Role role;
    private final ParticipationJournal journal;
    private final Options options;
    private final TaskReader reader;
    private final Selections selections;
    private final NodeRecords records;
    private final ReorgWatch reorgs = new ReorgWatch();
    private final NodeThreads threads;
    private final WorkRunner work;
    private final NetworkGuard guard;
    private final LeftTasks left;
    private final TaskSteps steps;
    private final StandingLines standing = new StandingLines(line -> LOG.warn("{}", line));
    private final RegistrationWatch registration;
    private volatile Consumer<Exception> errors = e -> LOG.warn("node error: {}", e.getMessage());
    private volatile TaskEventStream stream;
    private volatile String networkChange;

    public ParticipantService(PoqNetwork network, Credentials credentials, ParticipationJournal journal, Role role,
                              Options options) {
        this.network = network;
        this.session = network.session(credentials);
        if (options.beaconRelays() != null) {
            session.useBeaconRelays(options.beaconRelays());
        }
        this.me = credentials.getAddress();
        this.role = role;
        this.journal = journal;
        this.options = options;
        this.reader = new TaskReader(network);
        this.selections = new Selections(role, me);
        this.threads = new NodeThreads(role.word(), options.maxConcurrentJobs(), e -> errors.accept(e), () -> {
            if (stream != null) {
                stream.close();
            }
        });
        this.records = new NodeRecords(journal, me, role, selections::recorded);
        this.guard = new NetworkGuard(network, journal, me, role.word(), standing);
        this.registration = new RegistrationWatch(network, me, role.kind(), standing);
        this.left = new LeftTasks(network, session, me, role, options.drawLeftAfter(), guard);
        this.work = new WorkRunner(network, me, role, records, threads, this::checkpoint, this::schedule, session::decline,
                guard::epoch);
        this.steps = new TaskSteps(session, me, role, records, guard, work.deadlines(), this::checkpoint);
    }

    public static ParticipantService miner(PoqNetwork network, Credentials credentials, ParticipationJournal journal,
                                           MinerWork work, Options options) {
        return new ParticipantService(network, credentials, journal, Role.miner(work), options);
    }

    public static ParticipantService validator(PoqNetwork network, Credentials credentials, ParticipationJournal journal,
                                               ValidatorWork work, Options options) {
        return validator(network, credentials, journal, work, AnswerAuditor.NONE, options);
    }

    /** A validator that audits every answer of its tasks with {@code auditor} and commits the audits with its scores. */
    public static ParticipantService validator(PoqNetwork network, Credentials credentials, ParticipationJournal journal,
                                               ValidatorWork work, AnswerAuditor auditor, Options options) {
        return new ParticipantService(network, credentials, journal, Role.validator(work, auditor), options);
    }

    public String address() {
        return me;
    }

    public NodeRole role() {
        return role.kind();
    }

    /** Called on a background thread whenever a record of this node changes. */
    public void onChange(Consumer<Participation> listener) {
        records.onChange(listener);
    }

    public void onError(Consumer<Exception> listener) {
        this.errors = listener;
    }

    /**
     * Hears, on a background thread, each change of what stops the node from serving, in plain words:
     * the chain reset with no contracts at the network file's addresses, the node no longer registered,
     * and the end of each. Told once per change (the operator's status line), not at every resync.
     */
    public void onStanding(Consumer<String> listener) {
        standing.onLine(listener);
    }

    /** What stops the node from serving now, in words; empty while it serves. */
    public Optional<String> standing() {
        return standing.now();
    }

    /**
     * Resumes unfinished tasks, then follows the chain from where the node stopped. First the node
     * enters the network it is connected to: when that is not the one its records were made on (a
     * reset, a redeploy to the same addresses, another chain), it says so and leaves those records
     * apart, never acting on them.
     */
    public ParticipantService start() {
        guard.enter().ifPresent(change -> {
            networkChange = change;
            standing.once(role.word() + " " + me + ": " + change);
        });
        records.unfinished().forEach(p -> schedule(p.taskId()));
        // a send that failed (node unreachable, lost connection) is retried even if no new event arrives
        long every = Math.max(1_000, options.pollMillis() * 10);
        threads.every(every, () -> {
            threads.onChainThread(this::checkNetwork);
            threads.onChainThread(left::step);
            threads.onChainThread(() -> {
                if (!guard.contractsMissing()) { // a reset chain has no registry to ask: its own line says so
                    registration.check();
                }
            });
            records.unfinished().forEach(p -> schedule(p.taskId()));
            selections.unrecorded().forEach(this::schedule);
        });
        follow();
        return this;
    }

    /**
     * A reset or a redeploy under the running node (issue 28): it says so once, in plain words, leaves
     * the old records apart (the guard entered the new network), forgets what it knew of the old
     * chain's tasks and follows the new chain from its deploy block.
     */
    private void checkNetwork() {
        guard.check().ifPresent(change -> {
            networkChange = change;
            selections.forgetAll();
            left.forgetAll();
            reorgs.forgetAll();
            work.forgetDeclined();
            TaskEventStream old = stream;
            stream = null;
            if (old != null) {
                old.close();
            }
            LOG.info("{} {}: following the new chain from block {}", role.word(), me, followFrom());
            follow();
        });
    }

    private long followFrom() {
        return journal.cursor(me).orElse(network.descriptor().deployBlock());
    }

    /** Follows the market's events from where the node stopped on the network it entered. */
    private void follow() {
        long from = followFrom();
        long on = guard.epoch();
        stream = network.watch(from, new TaskEventStream.Listener() {
            @Override
            public void confirmed(TaskEvent event) {
                if (on == guard.epoch()) { // a late event of the chain the node left moves no cursor of the new one
                    onEvent(event);
                }
            }

            @Override
            public void rolledBack(long fromBlock) {
                reorgs.undoneFrom(fromBlock, stream == null ? fromBlock : stream.headBlock()).forEach(ParticipantService.this::schedule);
            }
        }, threads::report);
    }

    /** What changed since the node's records were made, in plain words, when it started on another network. */
    public Optional<String> networkChange() {
        return Optional.ofNullable(networkChange);
    }

    /** The next block the node will read; it is persisted as the node goes. */
    public long cursor() {
        return stream == null ? journal.cursor(me).orElse(0L) : stream.nextBlock();
    }

    /** Steps sent again because a reorganisation dropped them (each from the journal, never a new commitment). */
    public long resends() {
        return steps.resends();
    }

    private void onEvent(TaskEvent e) {
        left.onEvent(e);
        if (selections.concernsMe(e, id -> work.working(id) || records.get(id).isPresent())) {
            schedule(e.taskId());
        }
        journal.saveCursor(me, selections.safeCursor(e.position().block()));
    }

    private void schedule(TaskId id) {
        threads.onChainThread(() -> reconcile(id));
    }

    private void checkpoint(String point) {
        try {
            options.checkpoints().reached(point);
        } catch (RuntimeException crash) {
            threads.halt();
            throw crash;
        }
    }

    /** Compares the chain with the journal and takes the next step for one task. */
    void reconcile(TaskId id) {
        if (threads.closed()) {
            return;
        }
        TaskState t = network.task(id);
        if (role.selected(t).stream().noneMatch(me::equalsIgnoreCase)) {
            return;
        }
        Optional<Participation> record = records.get(id);
        if (t.phase() == TaskPhase.FINALIZED) {
            if (record.isPresent() && record.get().state() == ParticipationState.COMMITTED && network.slot(id, me).revealed()) {
                records.advance(id, ParticipationState.REVEALED);
            }
            settle(t);
            return;
        }
        if (record.isPresent() && record.get().state() == ParticipationState.FINISHED) {
            LOG.warn("{} {}: the finalization of task {} was dropped from the chain (a reorganisation); waiting for it again",
                    role.word(), me, id);
            records.advance(id, ParticipationState.REVEALED); // a dropped step is resent below like any other
            record = records.get(id);
        }
        if (t.phase().ordinal() < role.commitPhase().ordinal()) {
            return;
        }
        if (record.isEmpty()) {
            if (t.phase() == role.commitPhase()) {
                work.start(t);
            }
            return;
        }
        steps.step(record.get(), t, network.slot(id, me));
    }

    /** Records what the finished task paid or took. */
    private void settle(TaskState t) {
        records.settle(t.id(), reader.outcome(t, me, role));
        reorgs.settled(t.id(), stream == null ? 0 : stream.headBlock());
        selections.settled(t.id());
    }

    /** Stops following the chain; work in flight is abandoned and resumed from the journal next start. */
    @Override
    public void close() {
        threads.close();
    }
}
