package org.poq.network.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads one contract's logs page by page from an endpoint that may cap a query's block range or its
 * result count. The page size adapts: it shrinks on a cap error (to the cap when the error names it)
 * and grows again after a run of good pages, never past a range that was refused. A page is only
 * returned whole: each query travels in one JSON-RPC batch with the page's last block, so an answer
 * from a node that has not reached that block yet (a lagging node behind a load balancer, which
 * returns the logs it has and no error) is recognised and thrown away instead of skipping blocks.
 */
public final class LogPager {
    private static final Logger LOG = LoggerFactory.getLogger(LogPager.class);
    private static final int GOOD_PAGES_BEFORE_GROWING = 8;

    /** Logs of [from, to], the hash of block {@code to} and, when asked for, of block {@code from - 1}. */
    public record Page(long from, long to, List<Log> logs, String toHash, String parentHash) {
    }

    /** The head and, when asked for, the hash of one earlier block (null when the node does not have it). */
    public record Head(long number, String markHash) {
    }

    private final Web3j web3j;
    private final String address;
    private final List<String> topics;
    private final long maxPage;
    private long pageSize;
    private long refusedRange = Long.MAX_VALUE;
    private int goodPages;

    public LogPager(Web3j web3j, String address, long initialPage, long maxPage) {
        this(web3j, address, List.of(), initialPage, maxPage);
    }

    /**
     * Only the logs whose topics match: {@code topics.get(i)} is topic i (the event's signature hash
     * first, then its indexed arguments), null for any value.
     */
    public LogPager(Web3j web3j, String address, List<String> topics, long initialPage, long maxPage) {
        this.web3j = web3j;
        this.address = address;
        this.topics = new ArrayList<>(topics);
        this.maxPage = Math.max(1, maxPage);
        this.pageSize = Math.max(1, Math.min(initialPage, this.maxPage));
    }

    public synchronized long pageSize() {
        return pageSize;
    }

    /** The head block, and the hash of block {@code mark} in the same request (mark < 0: none). */
    public Head head(long mark) {
        var batch = web3j.newBatch().add(web3j.ethBlockNumber());
        if (mark >= 0) {
            batch.add(web3j.ethGetBlockByNumber(number(mark), false));
        }
        List<? extends Response<?>> answers = send(batch);
        EthBlockNumber head = (EthBlockNumber) answers.get(0);
        if (head.hasError()) {
            throw new NodeUnreachableException("eth_blockNumber failed: " + head.getError().getMessage(), null);
        }
        return new Head(head.getBlockNumber().longValue(), mark >= 0 ? hashOf((EthBlock) answers.get(1)) : null);
    }

    /** The hash of one block, null when the node does not have it. */
    public String hashAt(long block) {
        try {
            return hashOf(web3j.ethGetBlockByNumber(number(block), false).send());
        } catch (IOException e) {
            throw new NodeUnreachableException("the node does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * The first page of [from, to]; empty when the endpoint has not reached the page's last block.
     * Throws {@link NodeUnreachableException} when the endpoint cannot be read now (the caller tries
     * again later from the same block).
     */
    public synchronized Optional<Page> next(long from, long to, boolean withParent) {
        while (true) {
            long end = Math.min(to, from + pageSize - 1);
            var batch = web3j.newBatch()
                    .add(web3j.ethGetLogs(filter(from, end)))
                    .add(web3j.ethGetBlockByNumber(number(end), false));
            if (withParent && from > 0) {
                batch.add(web3j.ethGetBlockByNumber(number(from - 1), false));
            }
            List<? extends Response<?>> answers = send(batch);
            EthLog logs = (EthLog) answers.get(0);
            if (logs.hasError()) {
                shrink(from, end, logs.getError().getMessage());
                continue;
            }
            String endHash = hashOf((EthBlock) answers.get(1));
            if (endHash == null) {
                return Optional.empty();
            }
            grow(end - from + 1);
            List<Log> out = new ArrayList<>();
            for (EthLog.LogResult<?> r : logs.getLogs()) {
                out.add((Log) r.get());
            }
            String parent = answers.size() > 2 ? hashOf((EthBlock) answers.get(2)) : null;
            return Optional.of(new Page(from, end, out, endHash, parent));
        }
    }

    private EthFilter filter(long from, long end) {
        EthFilter f = new EthFilter(number(from), number(end), address);
        for (String t : topics) {
            if (t == null) {
                f.addNullTopic();
            } else {
                f.addSingleTopic(t);
            }
        }
        return f;
    }

    /** All logs of [from, to]; waits briefly for a lagging endpoint, then gives up with a clear error. */
    public List<Log> readAll(long from, long to) {
        List<Log> out = new ArrayList<>();
        long next = from;
        int lagging = 0;
        while (next <= to) {
            Optional<Page> page = next(next, to, false);
            if (page.isEmpty()) {
                if (++lagging > 20) {
                    throw new NodeUnreachableException("the node has not reached block " + to + " yet", null);
                }
                pause(lagging);
                continue;
            }
            out.addAll(page.get().logs());
            next = page.get().to() + 1;
        }
        return out;
    }

    private void shrink(long from, long end, String message) {
        long range = end - from + 1;
        if (!RpcErrors.isLogQueryTooLarge(message)) {
            throw new NodeUnreachableException("eth_getLogs failed: " + message, null);
        }
        if (range <= 1) {
            throw new PoqNetworkException("the RPC endpoint refuses the logs of block " + from + " (" + message
                    + "): use an RPC URL without a result cap", null);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        boolean aboutRange = !(lower.contains("results") || lower.contains("logs") || lower.contains("response size"));
        if (aboutRange) {
            refusedRange = Math.min(refusedRange, range);
        }
        long stated = RpcErrors.statedBlockCap(message).filter(c -> c > 0 && c < range).orElse(range / 2);
        pageSize = Math.max(1, stated);
        goodPages = 0;
        LOG.info("the RPC endpoint refused {} blocks of logs ({}); pages are now {} blocks", range, message, pageSize);
    }

    private void grow(long range) {
        if (range < pageSize) {
            return; // a short last page says nothing about the cap
        }
        if (++goodPages >= GOOD_PAGES_BEFORE_GROWING) {
            goodPages = 0;
            pageSize = Math.min(Math.min(maxPage, refusedRange - 1), pageSize * 2);
        }
    }

    private static List<? extends Response<?>> send(BatchRequest batch) {
        BatchResponse r;
        try {
            r = batch.send();
        } catch (IOException e) {
            throw new NodeUnreachableException("the node does not answer: " + e.getMessage(), e);
        }
        return r.getResponses();
    }

    private static String hashOf(EthBlock block) {
        if (block.hasError()) {
            throw new NodeUnreachableException("eth_getBlockByNumber failed: " + block.getError().getMessage(), null);
        }
        return block.getBlock() == null ? null : block.getBlock().getHash();
    }

    private static DefaultBlockParameter number(long block) {
        return DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1_000, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnreachableException("interrupted while waiting for the node", e);
        }
    }
}
