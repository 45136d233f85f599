package org.poq.network.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.poq.core.StateLine;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.chain.PoqNetworkException;
import org.poq.network.chain.LogPager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the task market's logs by polling (eth_getLogs over block ranges, paged by a
 * {@link LogPager}), which works on every JSON-RPC node, with or without WebSocket.
 *
 * <p>An event is <em>confirmed</em> once {@code confirmations} blocks sit on top of its block; confirmed
 * events reach the listener in chain order, each once. Younger events are offered as a
 * {@linkplain Listener#pending pending} snapshot that each poll replaces. The stream remembers the hash of
 * the last block of every page it read: when the chain no longer has that hash (a reorganisation deeper
 * than the confirmations) it finds the last block both chains share, tells the listener
 * {@linkplain Listener#rolledBack from which block} its events are void, and reads on from there.
 *
 * <p>When the node is unreachable, refuses a query or lags behind, the stream reports it and tries again
 * from the first block it has not fully read, so no range is ever skipped; after a restart a node
 * passes {@link #nextBlock()} as saved and catches up page by page, however long it was away.
 */
public final class TaskEventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEventStream.class);
    /** Page ends remembered to find where a reorganisation started. */
    private static final int MARKS = 256;
    private static final int LAGGING_RETRIES = 2;

    /** What the stream reports. Calls come on the stream's thread, one at a time. */
    public interface Listener {
        /** An event with enough confirmations, in chain order, each once (again after a {@link #rolledBack}). */
        void confirmed(TaskEvent event);

        /** The events above the confirmed block, as they stand now; replaces the previous snapshot. */
        default void pending(List<TaskEvent> events) {
        }

        /** Confirmed events at or above {@code fromBlock} were on dropped blocks; they are read again. */
        default void rolledBack(long fromBlock) {
        }

        static Listener of(Consumer<TaskEvent> confirmed) {
            return confirmed::accept;
        }
    }

    private final LogPager pager;
    private final long confirmations;
    private final long startBlock;
    private final Listener listener;
    private final Consumer<Exception> errors;
    private final StateLine trouble = new StateLine();
    private final ScheduledExecutorService poller;
    private final TreeMap<Long, String> marks = new TreeMap<>();
    private volatile long nextBlock;
    private volatile long headBlock = -1;
    private List<TaskEvent> lastPending = List.of();

    private TaskEventStream(LogPager pager, long fromBlock, long confirmations, Listener listener,
                            Consumer<Exception> errors) {
        this.pager = pager;
        this.startBlock = fromBlock;
        this.nextBlock = fromBlock;
        this.confirmations = Math.max(0, confirmations);
        this.listener = listener;
        this.errors = errors;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poq-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** Follows every event at once (no confirmations); the listener sees each event once, in order. */
    public static TaskEventStream start(Web3j web3j, String market, long fromBlock, long pollMillis,
                                        Consumer<TaskEvent> listener, Consumer<Exception> errors) {
        return start(new LogPager(web3j, market, 2_000, 10_000), fromBlock, pollMillis, 0, Listener.of(listener), errors);
    }

    public static TaskEventStream start(LogPager pager, long fromBlock, long pollMillis, long confirmations,
                                        Listener listener, Consumer<Exception> errors) {
        TaskEventStream s = new TaskEventStream(pager, fromBlock, confirmations, listener, errors);
        s.poller.scheduleWithFixedDelay(s::pollSafely, 0, pollMillis, TimeUnit.MILLISECONDS);
        return s;
    }

    /** The first block not fully read and confirmed; persist it to resume after a restart. */
    public long nextBlock() {
        return nextBlock;
    }

    /** The highest block seen on the node so far, -1 before the first poll. */
    public long headBlock() {
        return headBlock;
    }

    /** How many blocks of the head the stream has not confirmed yet (0 when it keeps up). */
    public long lagBlocks() {
        return headBlock < 0 ? 0 : Math.max(0, headBlock - (nextBlock - 1));
    }

    /**
     * One poll; a failure is passed on when it starts or changes, then as a reminder every 30 s while it
     * lasts, and its end is logged: a poll every 50 ms during an outage must not make 20 lines a second.
     */
    private void pollSafely() {
        try {
            poll();
            trouble.clear("the chain's events are read again").ifPresent(LOG::info);
        } catch (RuntimeException e) {
            String message = e instanceof NodeUnreachableException ? e.getMessage() : "reading the chain's events failed: " + e;
            trouble.report(message).ifPresent(line -> {
                LOG.warn("{}", line);
                errors.accept(line.equals(message) ? e : new PoqNetworkException(line, e));
            });
        }
    }

    private void poll() {
        Map.Entry<Long, String> mark = marks.lastEntry();
        LogPager.Head head = pager.head(mark == null ? -1 : mark.getKey());
        headBlock = Math.max(headBlock, head.number());
        // a missing block at a known height is a lagging node (or a rollback not yet built upon): wait
        if (mark != null && head.markHash() != null && !head.markHash().equals(mark.getValue())) {
            rollBack();
        }
        long target = head.number() - confirmations;
        while (nextBlock <= target) {
            String parent = marks.get(nextBlock - 1);
            Optional<LogPager.Page> read = pager.next(nextBlock, target, parent != null);
            for (int retry = 0; read.isEmpty() && retry < LAGGING_RETRIES; retry++) {
                // behind a load balancer the next request may reach a node that has the block
                read = pager.next(nextBlock, target, parent != null);
            }
            if (read.isEmpty()) {
                return; // the endpoint has not reached the page's end: read it again next poll
            }
            LogPager.Page page = read.get();
            if (parent != null && page.parentHash() != null && !parent.equals(page.parentHash())) {
                rollBack();
                continue;
            }
            for (TaskEvent e : decode(page.logs())) {
                listener.confirmed(e);
            }
            marks.put(page.to(), page.toHash());
            while (marks.size() > MARKS) {
                marks.pollFirstEntry();
            }
            nextBlock = page.to() + 1;
        }
        if (confirmations > 0) {
            List<TaskEvent> pending = nextBlock <= head.number()
                    ? decode(pager.readAll(nextBlock, head.number())) : List.of();
            if (!positions(pending).equals(positions(lastPending))) {
                lastPending = pending;
                listener.pending(pending);
            }
        }
    }

    /** Walks back over the remembered page ends to the last block both chains share, and resumes after it. */
    private void rollBack() {
        long fork = startBlock;
        while (!marks.isEmpty()) {
            Map.Entry<Long, String> m = marks.lastEntry();
            if (m.getValue().equals(pager.hashAt(m.getKey()))) {
                fork = m.getKey() + 1;
                break;
            }
            marks.pollLastEntry();
        }
        LOG.warn("the chain reorganised: events from block {} on are read again", fork);
        nextBlock = Math.min(nextBlock, fork);
        lastPending = List.of();
        listener.rolledBack(fork);
    }

    private static List<TaskEvent.LogPosition> positions(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::position).toList();
    }

    public static List<TaskEvent> decode(List<Log> logs) {
        List<TaskEvent> out = new ArrayList<>();
        for (Log log : logs) {
            TaskEventDecoder.decode(log).ifPresent(out::add);
        }
        out.sort((a, b) -> a.position().compareTo(b.position()));
        return out;
    }

    /** Reads and decodes the market's events in [from, to], in chain order. */
    public static List<TaskEvent> fetch(Web3j web3j, String market, long from, long to) {
        return decode(new LogPager(web3j, market, 2_000, 10_000).readAll(from, to));
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
