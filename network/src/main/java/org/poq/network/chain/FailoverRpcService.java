package org.poq.network.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Service;

/**
 * The JSON-RPC transport over several RPC URLs, one in use at a time. Public endpoints rate-limit
 * (HTTP 429, or a JSON-RPC error saying so), drop connections and go down: such a call is retried
 * after a back-off with full jitter ({@link Backoff}), and after repeated failures on one URL the next
 * one takes over and is logged. A URL serving another chain than expected is never used. A resent
 * {@code eth_sendRawTransaction} whose first try may have reached the node before the connection
 * dropped is recognised by its hash, so a lost answer turns into neither an error nor a second send.
 */
public final class FailoverRpcService extends Service {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverRpcService.class);
    private static final MediaType JSON = MediaType.parse("application/json; charset=utf-8");

    /** How hard to try: attempts per call in all, failures in a row before the next URL, back-off bounds. */
    public record Policy(int attempts, int failuresBeforeSwitch, Backoff backoff) {
        public static Policy defaults() {
            return new Policy(8, 2, Backoff.defaults());
        }
    }

    private final List<String> urls;
    private final long expectedChainId;
    private final Policy policy;
    private final OkHttpClient http;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, String>> switchListeners = new CopyOnWriteArrayList<>();
    private volatile int current;
    private int failuresInARow;

    public FailoverRpcService(List<String> urls, long expectedChainId, Policy policy) {
        super(false);
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC URL is needed");
        }
        this.urls = List.copyOf(urls);
        this.expectedChainId = expectedChainId;
        this.policy = policy;
        // OkHttp's own silent retry would hide resets from the policy above (and could resend a transaction)
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .readTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(120)).build();
        if (urls.size() == 1) {
            verified.add(this.urls.get(0)); // a single URL's chain is checked by ChainClient.connect, with a clear error
        }
    }

    /** The RPC URL calls go to now. */
    public String currentUrl() {
        return urls.get(current);
    }

    public List<String> urls() {
        return urls;
    }

    /** Told (old URL, new URL) whenever the transport moves to another endpoint. */
    public void onSwitch(BiConsumer<String, String> listener) {
        switchListeners.add(listener);
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
        boolean mayHaveReachedNode = false;
        boolean resendable = resendable(payload);
        int refused = 0;
        IOException last = null;
        byte[] lastBody = null;
        for (int attempt = 0; attempt < policy.attempts(); attempt++) {
            if (attempt > 0) {
                policy.backoff().sleep(attempt - 1);
            }
            String url = usableUrl();
            try {
                byte[] body = post(url, payload);
                if (RpcErrors.isThrottled(objectMapper.readTree(body))) {
                    lastBody = body;
                    failed(url, "rate limited (JSON-RPC error)");
                    continue;
                }
                succeeded();
                if (mayHaveReachedNode) {
                    body = recogniseResentTransaction(url, payload, body);
                }
                return new ByteArrayInputStream(body);
            } catch (Throttled e) {
                last = e;
                failed(url, e.getMessage());
            } catch (ConnectException e) {
                // nothing listens there: not a passing overload, so no long back-off unless another URL may answer
                last = e;
                failed(url, ChainClient.describe(e));
                if (++refused >= urls.size()) {
                    throw e;
                }
            } catch (IOException e) {
                last = e;
                mayHaveReachedNode = true;
                failed(url, ChainClient.describe(e));
                if (!resendable) {
                    throw e; // the node may have acted on it: sending it again could act twice
                }
            }
        }
        if (lastBody != null) {
            return new ByteArrayInputStream(lastBody); // the caller sees the endpoint's own error
        }
        throw last;
    }

    /**
     * Whether a call may be sent again after a connection dropped mid-request: reads may, and a signed
     * transaction may (it is recognised by its hash); the node's own control methods (anvil_*, evm_*,
     * which mine or change state) and node-signed sends may not.
     */
    private boolean resendable(String payload) {
        try {
            JsonNode request = objectMapper.readTree(payload);
            for (JsonNode call : request.isArray() ? request : List.of(request)) {
                String method = call.path("method").asText();
                if (method.startsWith("anvil_") || method.startsWith("evm_") || method.equals("eth_sendTransaction")) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private byte[] post(String url, String payload) throws IOException {
        Request request = new Request.Builder().url(url).post(RequestBody.create(payload, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (response.code() == 429 || response.code() == 502 || response.code() == 503 || response.code() == 504) {
                throw new Throttled("HTTP " + response.code() + " from " + url);
            }
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code() + " from " + url);
            }
            if (body == null) {
                throw new IOException("an empty answer from " + url);
            }
            return body.bytes();
        }
    }

    /**
     * After a dropped connection the transaction may already be in the node's pool or mined: the
     * node then answers "already known" or "nonce too low". If the node knows the transaction by its
     * hash, that is the answer the lost response would have carried.
     */
    private byte[] recogniseResentTransaction(String url, String payload, byte[] body) throws IOException {
        JsonNode request = objectMapper.readTree(payload);
        JsonNode response = objectMapper.readTree(body);
        if (!request.isObject() || !"eth_sendRawTransaction".equals(request.path("method").asText())
                || !response.has("error")) {
            return body;
        }
        String raw = request.path("params").path(0).asText();
        String hash = Hash.sha3(raw);
        String lookup = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionByHash\",\"params\":[\"" + hash + "\"]}";
        JsonNode known = objectMapper.readTree(post(url, lookup)).path("result");
        if (known.isMissingNode() || known.isNull()) {
            return body;
        }
        LOG.info("a transaction resent after a dropped connection was already with the node: {}", hash);
        ObjectNode ok = objectMapper.createObjectNode();
        ok.put("jsonrpc", "2.0");
        ok.set("id", request.path("id"));
        ok.put("result", hash);
        return objectMapper.writeValueAsBytes(ok);
    }

    private synchronized void succeeded() {
        failuresInARow = 0;
    }

    private synchronized void failed(String url, String why) {
        failuresInARow++;
        if (urls.size() > 1 && url.equals(currentUrl())
                && (failuresInARow >= policy.failuresBeforeSwitch() || why.startsWith("connection refused"))) {
            switchTo((current + 1) % urls.size(), why);
        }
    }

    private synchronized void switchTo(int index, String why) {
        String from = currentUrl();
        current = index;
        failuresInARow = 0;
        LOG.warn("RPC endpoint {} failed ({}); now using {}", from, why, currentUrl());
        switchListeners.forEach(l -> l.accept(from, currentUrl()));
    }

    /** The current URL, checked once to serve the expected chain; a URL on another chain is skipped. */
    private String usableUrl() throws IOException {
        for (int tries = 0; tries < urls.size(); tries++) {
            String url = currentUrl();
            if (expectedChainId == 0 || verified.contains(url)) {
                return url;
            }
            long chainId;
            try {
                chainId = readChainId(url);
            } catch (IOException e) {
                return url; // unreachable now: the caller's retry and failover deal with it
            }
            if (chainId == expectedChainId) {
                verified.add(url);
                return url;
            }
            LOG.warn("RPC endpoint {} serves chain {}, not {}: it is skipped", url, chainId, expectedChainId);
            synchronized (this) {
                current = (current + 1) % urls.size();
            }
        }
        throw new IOException("none of the RPC URLs serves chain " + expectedChainId);
    }

    private long readChainId(String url) throws IOException {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";
        String hex = objectMapper.readTree(post(url, call)).path("result").asText("0x0");
        return Long.decode(hex);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** HTTP 429 and the gateway errors a busy provider answers with: worth a retry after a pause. */
    static final class Throttled extends IOException {
        Throttled(String message) {
            super(message);
        }
    }
}
