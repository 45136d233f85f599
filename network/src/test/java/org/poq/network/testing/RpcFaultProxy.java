package org.poq.network.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC proxy on 127.0.0.1 in front of anvil that behaves like a public RPC endpoint on a bad
 * day, one fault at a time or together: eth_getLogs capped to a block range or a result count, bursts
 * of HTTP 429 or JSON-RPC "limit exceeded", connections dropped before or after the node saw the
 * request, an outage (the port closed), and a load balancer over a fresh node and one lagging a few
 * blocks behind (every n-th request sees the lagging one, which answers for the blocks it has and no
 * error: its head, its logs, and state reads at "latest" from its older block). A JSON-RPC batch is one request, served by one backend, as behind a real load balancer.
 */
public final class RpcFaultProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;
    private HttpServer server;

    private volatile long maxLogRange = Long.MAX_VALUE;
    private volatile int maxLogResults = Integer.MAX_VALUE;
    private volatile int lagBlocks;
    private volatile int lagEvery;
    private volatile int logLagBlocks;
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger limitExceededNext = new AtomicInteger();
    private final AtomicInteger resetNext = new AtomicInteger();
    private final AtomicInteger dropAnswerNext = new AtomicInteger();
    private volatile String dropAnswerMethod = "";
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> methods = new ConcurrentHashMap<>();

    private RpcFaultProxy(String upstreamUrl) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.port = server.getAddress().getPort();
        serve();
    }

    public static RpcFaultProxy inFrontOf(String upstreamUrl) {
        try {
            return new RpcFaultProxy(upstreamUrl);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    // ------------------------------------------------------------------ faults

    /** eth_getLogs over more blocks than this fails, as on most public endpoints (2,000 or 10,000 there). */
    public RpcFaultProxy capLogRange(long blocks) {
        maxLogRange = blocks;
        return this;
    }

    /** eth_getLogs returning more logs than this fails ("query returned more than N results"). */
    public RpcFaultProxy capLogResults(int logs) {
        maxLogResults = logs;
        return this;
    }

    /** The next {@code n} requests get HTTP 429. */
    public RpcFaultProxy throttleNext(int n) {
        throttleNext.set(n);
        return this;
    }

    /** The next {@code n} requests get HTTP 200 with the JSON-RPC error -32005 "limit exceeded". */
    public RpcFaultProxy limitExceededNext(int n) {
        limitExceededNext.set(n);
        return this;
    }

    /** The next {@code n} connections are dropped before the node sees the request. */
    public RpcFaultProxy resetNext(int n) {
        resetNext.set(n);
        return this;
    }

    /** The next {@code n} requests calling {@code method} reach the node, then the connection drops before the answer. */
    public RpcFaultProxy dropAnswerOfNext(String method, int n) {
        dropAnswerMethod = method;
        dropAnswerNext.set(n);
        return this;
    }

    /** Every {@code every}-th request is served by a node {@code blocks} behind the head (0: off). */
    public RpcFaultProxy lagging(int blocks, int every) {
        lagBlocks = blocks;
        lagEvery = every;
        return this;
    }

    /**
     * Requests that read logs (and the block hashes batched with them) are served by a backend
     * {@code blocks} behind the head, as an indexer that lags the node answering everything else (0: off).
     */
    public RpcFaultProxy laggingLogs(int blocks) {
        logLagBlocks = blocks;
        return this;
    }

    /** Closes the port: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        server.stop(0);
    }

    public synchronized void restart() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port + " again", e);
        }
        serve();
    }

    public int faultsServed(String kind) {
        AtomicInteger n = faults.get(kind);
        return n == null ? 0 : n.get();
    }

    public int calls(String method) {
        AtomicInteger n = methods.get(method);
        return n == null ? 0 : n.get();
    }

    public long requests() {
        return requests.get();
    }

    // ------------------------------------------------------------------ serving

    private void serve() {
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rpc-fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long n = requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (take(resetNext)) {
                count("reset");
                return; // closing before any answer drops the connection
            }
            if (take(throttleNext)) {
                count("429");
                reply(exchange, 429, "Too Many Requests".getBytes(StandardCharsets.UTF_8));
                return;
            }
            JsonNode request = JSON.readTree(body);
            if (take(limitExceededNext)) {
                count("limit-exceeded");
                reply(exchange, 200, JSON.writeValueAsBytes(map(request, r -> error(r, -32005, "limit exceeded"))));
                return;
            }
            int lag = logLagBlocks > 0 && request.toString().contains("\"eth_getLogs\"") ? logLagBlocks
                    : lagEvery > 0 && n % lagEvery == 0 ? lagBlocks : 0;
            JsonNode answer = map(request, r -> answer(r, lag));
            if (request.toString().contains("\"" + dropAnswerMethod + "\"") && take(dropAnswerNext)) {
                count("answer-dropped");
                return;
            }
            reply(exchange, 200, JSON.writeValueAsBytes(answer));
        } catch (RuntimeException e) {
            // an upstream failure: the client sees a dropped connection
        }
    }

    private interface Part {
        JsonNode apply(JsonNode request) throws IOException, InterruptedException;
    }

    private JsonNode map(JsonNode request, Part part) throws IOException {
        try {
            if (!request.isArray()) {
                return part.apply(request);
            }
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode r : request) {
                out.add(part.apply(r));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private JsonNode answer(JsonNode request, int lag) throws IOException, InterruptedException {
        String method = request.path("method").asText();
        methods.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        boolean lagging = lag > 0;
        long laggedHead = lagging ? Math.max(0, head() - lag) : Long.MAX_VALUE;
        switch (method) {
            case "eth_blockNumber":
                if (lagging) {
                    count("lagging-head");
                    return result(request, JSON.getNodeFactory().textNode("0x" + Long.toHexString(laggedHead)));
                }
                break;
            case "eth_getBlockByNumber": {
                long block = blockParam(request.path("params").path(0).asText());
                if (lagging && block > laggedHead) {
                    count("lagging-block");
                    return result(request, JSON.getNodeFactory().nullNode());
                }
                break;
            }
            case "eth_getLogs":
                return logs(request, laggedHead);
            case "eth_call", "eth_getBalance":
                if (lagging) {
                    return stateAt(request, laggedHead);
                }
                break;
            default:
        }
        return forward(request);
    }

    /**
     * A state read on the lagging node: "latest" is its own older head (the balance a user saw a moment
     * ago comes back), and a block it does not have yet is an error, as geth answers it.
     */
    private JsonNode stateAt(JsonNode request, long laggedHead) throws IOException, InterruptedException {
        ObjectNode forwarded = request.deepCopy();
        ArrayNode params = (ArrayNode) forwarded.get("params");
        String tag = params.size() > 1 ? params.get(1).asText("latest") : "latest";
        boolean named = tag.equals("latest") || tag.equals("pending") || tag.equals("safe") || tag.equals("finalized");
        if (!named && Long.decode(tag) > laggedHead) {
            count("lagging-missing-block");
            return error(request, -32000, "header not found");
        }
        count("lagging-state");
        String at = named ? "0x" + Long.toHexString(laggedHead) : tag;
        if (params.size() > 1) {
            params.set(1, JSON.getNodeFactory().textNode(at));
        } else {
            params.add(at);
        }
        return forward(forwarded);
    }

    private JsonNode logs(JsonNode request, long laggedHead) throws IOException, InterruptedException {
        ObjectNode filter = (ObjectNode) request.path("params").path(0).deepCopy();
        long from = blockParam(filter.path("fromBlock").asText("latest"));
        long to = blockParam(filter.path("toBlock").asText("latest"));
        if (to - from + 1 > maxLogRange) {
            count("range-cap");
            return error(request, -32005, "block range is too large: at most " + maxLogRange + " blocks per query");
        }
        if (to > laggedHead) {
            // a lagging node answers for what it has, without an error: the real trap
            count("lagging-logs");
            if (from > laggedHead) {
                return result(request, JSON.createArrayNode());
            }
            filter.put("toBlock", "0x" + Long.toHexString(laggedHead));
        }
        ObjectNode forwarded = request.deepCopy();
        ((ArrayNode) forwarded.get("params")).set(0, filter);
        JsonNode answer = forward(forwarded);
        if (answer.path("result").isArray() && answer.path("result").size() > maxLogResults) {
            count("result-cap");
            return error(request, -32005, "query returned more than " + maxLogResults + " results");
        }
        return answer;
    }

    private long head() throws IOException, InterruptedException {
        JsonNode r = forward(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"eth_blockNumber\",\"params\":[]}"));
        return Long.decode(r.path("result").asText());
    }

    private long blockParam(String value) throws IOException, InterruptedException {
        return switch (value) {
            case "latest", "pending", "safe", "finalized" -> head();
            case "earliest" -> 0;
            default -> Long.decode(value);
        };
    }

    private JsonNode forward(JsonNode request) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(upstream).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build();
        return JSON.readTree(client.send(r, HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private static JsonNode result(JsonNode request, JsonNode result) {
        ObjectNode out = JSON.createObjectNode();
        out.put("jsonrpc", "2.0");
        out.set("id", request.path("id"));
        out.set("result", result);
        return out;
    }

    private static JsonNode error(JsonNode request, int code, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("jsonrpc", "2.0");
        out.set("id", request.path("id"));
        out.putObject("error").put("code", code).put("message", message);
        return out;
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static boolean take(AtomicInteger budget) {
        return budget.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    private void count(String kind) {
        faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
