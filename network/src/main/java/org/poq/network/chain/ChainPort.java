package org.poq.network.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqToken;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The narrow view of one chain that an account holder needs (the wallet): the head, blocks, paged
 * logs, balances and stake at a block, receipts, nonces, fees, gas estimates and the broadcast of
 * signed bytes. Every failure speaks the network's one vocabulary: {@link NodeUnreachableException}
 * when the node does not answer (saying whether a send may have reached it),
 * {@link TransactionRevertedException} with the decoded reason ({@link RevertReasons}) when a
 * contract refuses, {@link PoqNetworkException} for any other refusal of the node. The raw client
 * ({@link ChainClient}) stays inside the network module.
 */
public final class ChainPort {
    /** One page of eth_getLogs at first; the pager shrinks it under an endpoint's cap and grows it back. */
    private static final long LOG_PAGE = 2_000;
    /** A read pinned to a block is tried this often: behind a load balancer the next try may reach a node that has it. */
    private static final int PINNED_TRIES = 3;

    private final Web3j web3j;
    private final Map<List<String>, LogPager> pagers = new HashMap<>();

    private ChainPort(Web3j web3j) {
        this.web3j = web3j;
    }

    /** The port over an open client; closing the client is its owner's business. */
    public static ChainPort over(ChainClient client) {
        return new ChainPort(client.web3j());
    }

    /** Which state a read sees: the newest block, the node's pending view, or one pinned block. */
    public record At(DefaultBlockParameter parameter, boolean pinned) {
        public static At latest() {
            return new At(DefaultBlockParameterName.LATEST, false);
        }

        public static At pending() {
            return new At(DefaultBlockParameterName.PENDING, false);
        }

        public static At block(long number) {
            return new At(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true);
        }
    }

    // ---------------------------------------------------------------- blocks and transactions

    /** The newest block the answering node has: what a read at "latest" would see. */
    public long head() {
        return Calls.rpc("read the block height", () -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    /** One block, with its transactions' bodies when asked; empty when the node does not have it. */
    public Optional<EthBlock.Block> block(long number, boolean withTransactions) {
        return Optional.ofNullable(Calls.rpc("read block " + number, () -> web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), withTransactions).send()).getBlock());
    }

    public EthBlock.Block latestBlock() {
        return Optional.ofNullable(Calls.rpc("read the latest block",
                        () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()).getBlock())
                .orElseThrow(() -> new NodeUnreachableException("read the latest block failed: the node did not return it", null));
    }

    public Optional<TransactionReceipt> receipt(String txHash) {
        return Calls.rpc("read a receipt", () -> web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt();
    }

    /** Whether the node holds the transaction at all (mined or in its pool). */
    public boolean knows(String txHash) {
        return Calls.rpc("look up a transaction", () -> web3j.ethGetTransactionByHash(txHash).send()).getTransaction().isPresent();
    }

    /** The transactions sent from an account as of {@code at} (pending: the next nonce the node would take). */
    public long transactionCount(String address, At at) {
        return Calls.rpc("read the account's nonce",
                () -> web3j.ethGetTransactionCount(address, at.parameter()).send()).getTransactionCount().longValueExact();
    }

    /** Whether an address holds contract code. */
    public boolean isContract(String address) {
        String code = Calls.rpc("read the recipient's code",
                () -> web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send()).getCode();
        return code != null && !code.isBlank() && !code.equals("0x");
    }

    /** The network's identity as the node serves it now (decision 0037). */
    public NetworkIdentity identity(long chainId, String anchorContract, long deployBlock) {
        return NetworkIdentity.read(web3j, chainId, anchorContract, deployBlock);
    }

    // ---------------------------------------------------------------- logs

    /**
     * One event's logs in [from, to] through the network's pager: a public endpoint's cap on a
     * query's blocks or results is met by smaller pages (remembered for the next query of the same
     * kind), not by a failure. {@code topics.get(i)} is topic i, null for any value.
     */
    public List<Log> logs(String address, List<String> topics, long from, long to) {
        List<String> key = new ArrayList<>(topics);
        key.add(0, address);
        LogPager pager;
        synchronized (pagers) {
            pager = pagers.computeIfAbsent(key, k -> new LogPager(web3j, address, topics, LOG_PAGE, LOG_PAGE));
        }
        return pager.readAll(from, to);
    }

    // ---------------------------------------------------------------- balances

    public BigInteger balance(String address, At at) {
        return read("read the balance", at, () -> web3j.ethGetBalance(address, at.parameter()).send()).getBalance();
    }

    /** An ERC-20 balance (POQ) as of {@code at}. */
    public BigInteger tokenBalance(String token, String holder, At at) {
        PoqToken t = PoqToken.load(token, web3j, new ReadonlyTransactionManager(web3j, holder), new DefaultGasProvider());
        t.setDefaultBlockParameter(at.parameter());
        return read("read the POQ balance", at, () -> t.balanceOf(holder).send());
    }

    /** A node's registry record (stake, unbonding) as of {@code at}. */
    public NodeRegistry.NodeView registryRecord(String registry, String node, At at) {
        NodeRegistry r = NodeRegistry.load(registry, web3j, new ReadonlyTransactionManager(web3j, node), new DefaultGasProvider());
        r.setDefaultBlockParameter(at.parameter());
        return read("read the stake", at, () -> r.nodeInfo(node).send());
    }

    private static <T> T read(String what, At at, Callable<T> call) {
        int tries = at.pinned() ? PINNED_TRIES : 1;
        for (int i = 1; ; i++) {
            try {
                return Calls.rpc(what, call);
            } catch (RuntimeException e) {
                if (i >= tries) {
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------- fees and sending

    /** The node's suggested priority fee, or {@code fallback} on a node that does not implement the call. */
    public BigInteger maxPriorityFee(BigInteger fallback) {
        var r = Calls.rpc("read the fee", () -> {
            var answer = web3j.ethMaxPriorityFeePerGas().send();
            return answer.hasError() ? null : answer;
        });
        return r == null ? fallback : r.getMaxPriorityFeePerGas();
    }

    /**
     * The gas a call would use; a contract that would refuse it is a {@link TransactionRevertedException}
     * whose reason is decoded ("ERC20InsufficientBalance: ... holds 1 POQ but 2 POQ are needed").
     */
    public BigInteger estimateGas(String from, String to, BigInteger value, String data) {
        return Calls.rpc("estimate the fee", () -> {
            var r = web3j.ethEstimateGas(new Transaction(from, null, null, null, to, value, data)).send();
            if (r.hasError()) {
                throw new TransactionRevertedException("the transaction",
                        RevertReasons.describe(r.getError().getMessage(), r.getError().getData()));
            }
            return r;
        }).getAmountUsed();
    }

    /** The node's answer to signed bytes: taken, already held, or refused with a decoded reason. */
    public record Broadcast(boolean alreadyKnown, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * Broadcasts signed bytes. A connection refused outright is a {@link NodeUnreachableException} with
     * {@code outcomeUnknown} false (nothing reached the node); one that broke midway has it true: the
     * bytes may be on the node, and sending the same bytes again is safe.
     */
    public Broadcast send(String signedRaw) {
        EthSendTransaction res;
        try {
            res = web3j.ethSendRawTransaction(signedRaw).send();
        } catch (IOException | ClientConnectionException e) {
            boolean refused = Calls.connectionRefused(e);
            throw new NodeUnreachableException("the node does not answer (" + Calls.describe(e) + ")", !refused, e);
        }
        if (!res.hasError()) {
            return new Broadcast(false, null);
        }
        String message = res.getError().getMessage();
        if (message != null && message.toLowerCase(Locale.ROOT).contains("already")) {
            return new Broadcast(true, null);
        }
        return new Broadcast(false, RevertReasons.describe(message, res.getError().getData()));
    }
}
