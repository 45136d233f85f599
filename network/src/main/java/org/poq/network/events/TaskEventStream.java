package org.poq.network.events;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.poq.network.NodeUnreachableException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the task market's logs by fast polling (eth_getLogs over block ranges), which works on
 * every JSON-RPC node, with or without WebSocket. Events reach the listener in chain order, each once;
 * after a restart a node passes the block it had reached and catches up from the logs. When the node
 * is unreachable the stream keeps trying and reports the outage to the error listener.
 */
public final class TaskEventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEventStream.class);
    private static final long MAX_RANGE = 2_000;

    private final Web3j web3j;
    private final String market;
    private final Consumer<TaskEvent> listener;
    private final Consumer<Exception> errors;
    private final ScheduledExecutorService poller;
    private volatile long nextBlock;
    private volatile long headBlock = -1;

    private TaskEventStream(Web3j web3j, String market, long fromBlock, Consumer<TaskEvent> listener,
                            Consumer<Exception> errors) {
        this.web3j = web3j;
        this.market = market;
        this.nextBlock = fromBlock;
        this.listener = listener;
        this.errors = errors;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poq-events");
            t.setDaemon(true);
            return t;
        });
    }

    public static TaskEventStream start(Web3j web3j, String market, long fromBlock, long pollMillis,
                                        Consumer<TaskEvent> listener, Consumer<Exception> errors) {
        TaskEventStream s = new TaskEventStream(web3j, market, fromBlock, listener, errors);
        s.poller.scheduleWithFixedDelay(s::pollSafely, 0, pollMillis, TimeUnit.MILLISECONDS);
        return s;
    }

    /** The next block the stream will read; persist it to resume after a restart. */
    public long nextBlock() {
        return nextBlock;
    }

    /** The highest block seen on the node so far, -1 before the first poll. */
    public long headBlock() {
        return headBlock;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (NodeUnreachableException e) {
            errors.accept(e);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed: {}", e.toString());
            errors.accept(e);
        }
    }

    private void poll() {
        long head;
        try {
            head = web3j.ethBlockNumber().send().getBlockNumber().longValue();
        } catch (IOException e) {
            throw new NodeUnreachableException("the node does not answer: " + e.getMessage(), e);
        }
        headBlock = head;
        while (nextBlock <= head) {
            long to = Math.min(head, nextBlock + MAX_RANGE - 1);
            for (TaskEvent event : fetch(nextBlock, to)) {
                listener.accept(event);
            }
            nextBlock = to + 1;
        }
    }

    /** Reads and decodes the market's events in [from, to], in chain order. */
    public static List<TaskEvent> fetch(Web3j web3j, String market, long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), market);
        EthLog result;
        try {
            result = web3j.ethGetLogs(filter).send();
        } catch (IOException e) {
            throw new NodeUnreachableException("the node does not answer: " + e.getMessage(), e);
        }
        if (result.hasError()) {
            throw new NodeUnreachableException("eth_getLogs failed: " + result.getError().getMessage(), null);
        }
        List<TaskEvent> out = new ArrayList<>();
        for (EthLog.LogResult<?> r : result.getLogs()) {
            TaskEventDecoder.decode((Log) r.get()).ifPresent(out::add);
        }
        out.sort((a, b) -> a.position().compareTo(b.position()));
        return out;
    }

    private List<TaskEvent> fetch(long from, long to) {
        return fetch(web3j, market, from, to);
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
