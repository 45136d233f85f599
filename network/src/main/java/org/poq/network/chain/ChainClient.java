package org.poq.network.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * One JSON-RPC connection over one or more RPC URLs ({@link FailoverRpcService}: retries, back-off,
 * failover; {@link #rpcUrl()} says which URL is in use). web3j polls every 15 s by default, which
 * makes a UI feel dead: this one polls every {@code pollMillis} (50 ms by default) for receipts and filters.
 */
public final class ChainClient implements AutoCloseable {
    /** Gas price and limit are decided per send by {@link EstimatingTransactionManager}; these are placeholders. */
    public static final ContractGasProvider GAS = new StaticGasProvider(BigInteger.ONE, BigInteger.valueOf(30_000_000));

    private final List<String> rpcUrls;
    private final long chainId;
    private final long pollMillis;
    private final ScheduledExecutorService scheduler;
    private final FailoverRpcService service;
    private final Web3j web3j;

    private ChainClient(List<String> rpcUrls, long chainId, long pollMillis) {
        this.rpcUrls = List.copyOf(rpcUrls);
        this.chainId = chainId;
        this.pollMillis = pollMillis;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web3j-poll");
            t.setDaemon(true);
            return t;
        });
        this.service = new FailoverRpcService(rpcUrls, chainId, FailoverRpcService.Policy.defaults());
        this.web3j = Web3j.build(service, pollMillis, scheduler);
    }

    /** Connects and checks that the node answers with the expected chain id (0 accepts any). */
    public static ChainClient connect(String rpcUrl, long expectedChainId) {
        return connect(rpcUrl, expectedChainId, 50);
    }

    public static ChainClient connect(String rpcUrl, long expectedChainId, long pollMillis) {
        return connect(List.of(rpcUrl), expectedChainId, pollMillis);
    }

    /** Connects over several RPC URLs of the same chain: the first that answers is used, the others take over on failure. */
    public static ChainClient connect(List<String> rpcUrls, long expectedChainId, long pollMillis) {
        ChainClient probe = new ChainClient(rpcUrls, expectedChainId, pollMillis);
        String rpcUrl = String.join(", ", rpcUrls);
        long actual;
        try {
            actual = probe.web3j.ethChainId().send().getChainId().longValue();
        } catch (IOException | RuntimeException e) {
            probe.close();
            throw new NodeUnreachableException("the node at " + rpcUrl + " does not answer: " + describe(e), e);
        }
        if (expectedChainId != 0 && actual != expectedChainId) {
            probe.close();
            throw new IllegalArgumentException("the node at " + probe.rpcUrl() + " serves chain " + actual
                    + ", the network descriptor expects chain " + expectedChainId);
        }
        return expectedChainId != 0 ? probe : reopen(probe, actual);
    }

    private static ChainClient reopen(ChainClient probe, long chainId) {
        probe.close();
        return new ChainClient(probe.rpcUrls, chainId, probe.pollMillis);
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused (is the node running?)";
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    /** The RPC URL in use now (it changes when the transport fails over). */
    public String rpcUrl() {
        return service.currentUrl();
    }

    public List<String> rpcUrls() {
        return rpcUrls;
    }

    /** Told (old URL, new URL) whenever the connection moves to another RPC URL. */
    public void onFailover(BiConsumer<String, String> listener) {
        service.onSwitch(listener);
    }

    public long pollMillis() {
        return pollMillis;
    }

    /** A JSON-RPC call outside web3j's typed API (anvil's evm_* and anvil_* methods); returns the raw result. */
    public Object rpc(String method, Object... params) {
        try {
            RawResponse r = new Request<>(method, Arrays.asList(params), service, RawResponse.class).send();
            if (r.hasError()) {
                throw new IllegalStateException(method + " failed: " + r.getError().getMessage());
            }
            return r.getResult();
        } catch (IOException e) {
            throw new NodeUnreachableException(method + " failed: the node does not answer (" + describe(e) + ")", e);
        }
    }

    public static final class RawResponse extends Response<Object> {
    }

    public EstimatingTransactionManager transactionManager(Credentials credentials) {
        return new EstimatingTransactionManager(web3j, credentials, chainId, pollMillis);
    }

    @Override
    public void close() {
        web3j.shutdown();
        service.close();
        scheduler.shutdownNow();
    }
}
