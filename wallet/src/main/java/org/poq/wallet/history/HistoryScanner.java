package org.poq.wallet.history;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.poq.core.TokenAmount;
import org.poq.network.events.PenaltyReason;
import org.poq.network.chain.ChainPort;
import org.poq.network.contracts.PoqToken;
import org.poq.network.contracts.TaskMarket;
import org.poq.wallet.Addresses;
import org.poq.wallet.WalletChain;
import org.poq.wallet.WalletException;
import org.poq.wallet.history.HistoryEntry.Direction;
import org.poq.wallet.transfer.Asset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Builds an account's history from the chain: POQ Transfer logs (classified as stake, unstake, task
 * payment, reward or refund by the other side and the market's logs in the same transaction),
 * market Penalized logs (slashes), and, when {@code scanBlocks} is on, the native coin moves and fees,
 * which have no logs and need a walk over the blocks' transactions: cheap on a devnet, slow on a
 * busy public chain, where an indexer would be the tool. Resumes from a cursor kept in SQLite.
 */
public final class HistoryScanner {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryScanner.class);
    private static final long CHUNK = 2_000;
    private static final String TRANSFER = EventEncoder.encode(PoqToken.TRANSFER_EVENT);
    private static final String PENALIZED = EventEncoder.encode(TaskMarket.PENALIZED_EVENT);
    private static final String REWARDED = EventEncoder.encode(TaskMarket.REWARDED_EVENT);
    private static final String SUBMITTED = EventEncoder.encode(TaskMarket.TASKSUBMITTED_EVENT);

    private final WalletChain chain;
    private final ChainPort port;
    private final HistoryStore store;
    private final boolean scanBlocks;
    private final Map<Long, Instant> blockTimes = new HashMap<>();

    public HistoryScanner(WalletChain chain, HistoryStore store, boolean scanBlocks) {
        this.chain = chain;
        this.port = chain.port();
        this.store = store;
        this.scanBlocks = scanBlocks;
    }

    /** Scans from where the last scan stopped up to the latest block; returns the stored history. */
    public List<HistoryEntry> scan(String accountText) {
        String account = Addresses.parse(accountText);
        long latest = port.head();
        String scope = scanBlocks ? HistoryStore.FULL : HistoryStore.LOGS;
        String network = chain.identity().key(); // a reset chain gets a history (and a cursor) of its own
        long from = store.nextBlock(network, account, scope).orElse(Math.max(0, chain.startBlock()));
        while (from <= latest) {
            long to = Math.min(latest, from + CHUNK - 1);
            List<HistoryEntry> found = new ArrayList<>();
            found.addAll(tokenTransfers(account, from, to));
            found.addAll(slashes(account, from, to));
            if (scanBlocks) {
                found.addAll(nativeMoves(account, from, to));
            }
            store.append(network, account, found, to + 1, scope);
            LOG.debug("history of {}: blocks {}..{}, {} new entries", account, from, to, found.size());
            from = to + 1;
        }
        return store.entries(network, account);
    }

    private List<HistoryEntry> tokenTransfers(String account, long from, long to) {
        List<Log> logs = new ArrayList<>();
        logs.addAll(logs(chain.token(), from, to, TRANSFER, topic(account), null));
        logs.addAll(logs(chain.token(), from, to, TRANSFER, null, topic(account)));
        List<HistoryEntry> out = new ArrayList<>();
        for (Log log : logs) {
            PoqToken.TransferEventResponse t = PoqToken.getTransferEventFromLog(log);
            boolean out_ = Addresses.same(t.from, account);
            String other = out_ ? t.to : t.from;
            TokenAmount amount = TokenAmount.ofWei(t.value);
            HistoryKind kind = out_ ? HistoryKind.TRANSFER_OUT : HistoryKind.TRANSFER_IN;
            String reason = out_ ? "POQ sent" : "POQ received";
            String task = null;
            if (Addresses.same(other, chain.registry()) && registryActed(log.getTransactionHash())) {
                kind = out_ ? HistoryKind.STAKE : HistoryKind.UNSTAKE;
                reason = out_ ? "stake deposited in the node registry" : "stake withdrawn from the node registry";
            } else if (Addresses.same(other, chain.registry())) {
                // a plain token transfer to the registry's address is no stake: the registry never saw it
                reason = out_ ? "POQ sent to the node registry's address (a plain transfer, not a stake)" : reason;
            } else if (Addresses.same(other, chain.market())) {
                List<Log> sameTx = receiptLogs(log.getTransactionHash());
                if (out_) {
                    kind = HistoryKind.TASK_PAYMENT;
                    task = taskOf(sameTx, SUBMITTED, null).orElse(null);
                    reason = "fee escrowed for task " + (task == null ? "?" : "#" + task);
                } else {
                    Optional<String> rewarded = taskOf(sameTx, REWARDED, account);
                    kind = rewarded.isPresent() ? HistoryKind.REWARD : HistoryKind.REFUND;
                    task = rewarded.or(() -> taskOf(sameTx, null, null)).orElse(null);
                    reason = (rewarded.isPresent() ? "reward for task " : "refund of task ") + (task == null ? "?" : "#" + task);
                }
            }
            out.add(entry(account, log, kind, Asset.POQ, out_ ? Direction.OUT : Direction.IN, other, amount, task, reason));
        }
        return out;
    }

    /** Whether the registry itself emitted a log in the transaction: a stake or withdrawal, not a stray transfer. */
    private boolean registryActed(String txHash) {
        return receiptLogs(txHash).stream().anyMatch(l -> Addresses.same(l.getAddress(), chain.registry()));
    }

    private List<HistoryEntry> slashes(String account, long from, long to) {
        if (chain.market() == null) {
            return List.of();
        }
        List<HistoryEntry> out = new ArrayList<>();
        for (Log log : logs(chain.market(), from, to, PENALIZED, null, topic(account))) {
            TaskMarket.PenalizedEventResponse p = TaskMarket.getPenalizedEventFromLog(log);
            String reason = "slashed in task #" + p.taskId + ": " + PenaltyReason.of(p.reason.intValue()).description();
            out.add(entry(account, log, HistoryKind.SLASH, Asset.POQ, Direction.OUT, chain.market(),
                    TokenAmount.ofWei(p.slashed), p.taskId.toString(), reason));
        }
        return out;
    }

    private List<HistoryEntry> nativeMoves(String account, long from, long to) {
        List<HistoryEntry> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            EthBlock.Block block = port.block(n, true).orElse(null);
            if (block == null) {
                continue;
            }
            Instant time = Instant.ofEpochSecond(block.getTimestamp().longValueExact());
            blockTimes.put(n, time);
            for (EthBlock.TransactionResult<?> r : block.getTransactions()) {
                var tx = (Transaction) r.get();
                boolean sent = Addresses.same(tx.getFrom(), account);
                boolean received = tx.getTo() != null && Addresses.same(tx.getTo(), account) && tx.getValue().signum() > 0;
                if (sent) {
                    TransactionReceipt receipt = port.receipt(tx.getHash()).orElseThrow(() -> new WalletException("the node has no receipt for a mined transaction"));
                    BigInteger price = receipt.getEffectiveGasPrice() != null
                            ? Numeric.decodeQuantity(receipt.getEffectiveGasPrice()) : tx.getGasPrice();
                    String what = tx.getTo() == null ? "contract creation" : receipt.isStatusOK() ? "transaction" : "reverted transaction";
                    out.add(new HistoryEntry(account, tx.getHash(), -2, n, time, HistoryKind.FEE, Asset.NATIVE, Direction.OUT,
                            null, TokenAmount.ofWei(receipt.getGasUsed().multiply(price)), null, "network fee of a " + what));
                    if (tx.getValue().signum() > 0 && receipt.isStatusOK() && !received) {
                        out.add(new HistoryEntry(account, tx.getHash(), -1, n, time, HistoryKind.TRANSFER_OUT, Asset.NATIVE,
                                Direction.OUT, tx.getTo(), TokenAmount.ofWei(tx.getValue()), null, "ETH sent"));
                    }
                }
                if (received && !sent) {
                    out.add(new HistoryEntry(account, tx.getHash(), -1, n, time, HistoryKind.TRANSFER_IN, Asset.NATIVE,
                            Direction.IN, tx.getFrom(), TokenAmount.ofWei(tx.getValue()), null, "ETH received"));
                }
            }
        }
        return out;
    }

    private HistoryEntry entry(String account, Log log, HistoryKind kind, Asset asset, Direction dir, String other,
                               TokenAmount amount, String task, String reason) {
        long block = log.getBlockNumber().longValueExact();
        return new HistoryEntry(account, log.getTransactionHash(), log.getLogIndex().intValueExact(), block, timeOf(block),
                kind, asset, dir, other, amount, task, reason);
    }

    /** The task id (first indexed topic) of a market log of the given event, for the given node if any. */
    private Optional<String> taskOf(List<Log> logs, String event, String node) {
        for (Log l : logs) {
            List<String> t = l.getTopics();
            if (Addresses.same(l.getAddress(), chain.market()) && t.size() >= 2 && (event == null || event.equals(t.get(0)))
                    && (node == null || (t.size() >= 3 && t.get(2).equalsIgnoreCase(topic(node))))) {
                return Optional.of(Numeric.toBigInt(t.get(1)).toString());
            }
        }
        return Optional.empty();
    }

    private List<Log> receiptLogs(String txHash) {
        return port.receipt(txHash).map(TransactionReceipt::getLogs).orElse(List.of());
    }

    private Instant timeOf(long block) {
        return blockTimes.computeIfAbsent(block, b -> Instant.ofEpochSecond(port.block(b, false)
                .orElseThrow(() -> new WalletException("the node does not have block " + b + " of a log it returned"))
                .getTimestamp().longValueExact()));
    }

    /**
     * One event's logs through the network's paged port: a public endpoint's cap on a query's blocks or
     * results is met by smaller pages (and remembered for the next query of the same kind), not by a failure.
     */
    private List<Log> logs(String address, long from, long to, String event, String topic1, String topic2) {
        List<String> topics = topic2 == null ? Arrays.asList(event, topic1) : Arrays.asList(event, topic1, topic2);
        return port.logs(address, topics, from, to);
    }

    private static String topic(String address) {
        return "0x" + "0".repeat(24) + Numeric.cleanHexPrefix(address).toLowerCase();
    }
}
