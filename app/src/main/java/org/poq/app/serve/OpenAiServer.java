package org.poq.app.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.poq.app.service.Problems;
import org.poq.core.Closeables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible endpoint on 127.0.0.1 only (the JDK's HTTP server, as the node's metrics
 * endpoint: no new dependency, and server-sent events are plain chunked writes). Every route needs the
 * bearer key; requests whose Host is not this machine are refused (DNS rebinding); browsers are let in
 * only from the one origin the user allows. The log names method, path, status and time, never a header.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
    private static final int MAX_BODY = 1 << 20;
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    /** Long enough for the 503s and the streams' error events to reach the clients when the server stops. */
    private static final int STOP_GRACE_SECONDS = 2;
    private static final long DRAIN_LIMIT = 64L << 20;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ExecutorService roundThreads;
    private final ScheduledExecutorService heartbeat;
    private final CompletableFuture<Void> stopping;

    private OpenAiServer(HttpServer server, ExecutorService workers, ExecutorService roundThreads, ScheduledExecutorService heartbeat,
                         CompletableFuture<Void> stopping) {
        this.server = server;
        this.workers = workers;
        this.roundThreads = roundThreads;
        this.heartbeat = heartbeat;
        this.stopping = stopping;
    }

    /**
     * Starts serving. {@code timings} hears each finished completion's timings (for the benchmark and
     * the log). Fails with a plain message when the port is taken.
     */
    public static OpenAiServer start(ServeConfig config, Rounds rounds, Signer signer, ApiKeys keys, SpendLedger ledger,
                                     Consumer<Timings> timings) {
        return start(config, rounds, signer, keys, ledger, ModelTokens.none(), timings);
    }

    /** As above, counting {@code usage} with {@code tokens} (the model's tokenizer where this node has the model). */
    static OpenAiServer start(ServeConfig config, Rounds rounds, Signer signer, ApiKeys keys, SpendLedger ledger, ModelTokens tokens,
                              Consumer<Timings> timings) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve on 127.0.0.1:" + config.port() + " (" + e.getMessage()
                    + "): another program uses the port; choose another with --port");
        }
        AtomicInteger n = new AtomicInteger();
        // a thread per open request and per running round: each waits on a round of minutes, and the
        // spending limits, not a pool size, bound how many run (a fixed pool queued the 17th request)
        ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "poq-serve-" + n.incrementAndGet()));
        ExecutorService roundThreads = Executors.newCachedThreadPool(r -> daemon(r, "poq-round-" + n.incrementAndGet()));
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "poq-serve-heartbeat"));
        CompletableFuture<Void> stopping = new CompletableFuture<>();
        ChatCompletions chat = new ChatCompletions(rounds, signer, ledger, config, roundThreads, tokens);
        chat.reconcile();
        Routes routes = new Routes(config, rounds, keys, chat, new CompletionWriter(chat, heartbeat), timings, stopping);
        server.createContext("/", routes::handle);
        server.setExecutor(workers);
        server.start();
        LOG.info("serving the OpenAI-compatible endpoint on http://127.0.0.1:{}/v1", server.getAddress().getPort());
        return new OpenAiServer(server, workers, roundThreads, heartbeat, stopping);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /**
     * Stops serving: every waiting request is answered first (a 503, or on a stream an error event and
     * [DONE]), then the rounds' threads stop. A task already submitted goes on on chain; its open
     * ledger entry is settled from the chain at the next start.
     */
    @Override
    public void close() {
        stopping.complete(null);
        server.stop(STOP_GRACE_SECONDS);
        Closeables.closeAll(List.of(workers::shutdownNow, roundThreads::shutdownNow, heartbeat::shutdownNow));
    }

    /** Routing, the guards every route shares, and writing JSON. */
    private record Routes(ServeConfig config, Rounds rounds, ApiKeys keys, ChatCompletions chat, CompletionWriter writer,
                          Consumer<Timings> timings, CompletableFuture<Void> stopping) {
        void handle(HttpExchange ex) {
            long start = System.nanoTime();
            int status = 500;
            try {
                status = route(ex);
            } catch (ApiError e) {
                status = e.status();
                sendError(ex, e);
            } catch (RuntimeException e) {
                LOG.debug("request failed", e);
                status = 500;
                sendError(ex, new ApiError(500, "server_error", "internal_error", null,
                        "The server failed this request: " + Problems.describe(e)
                                + ". Nothing was signed unless the response said so.", null));
            } finally {
                ex.close();
                LOG.info("{} {} -> {} in {} ms", ex.getRequestMethod(), ex.getRequestURI().getPath(), status,
                        (System.nanoTime() - start) / 1_000_000);
            }
        }

        private int route(HttpExchange ex) {
            checkHost(ex);
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/") && path.length() > 1) {
                path = path.substring(0, path.length() - 1);
            }
            boolean corsAllowed = cors(ex);
            String method = ex.getRequestMethod();
            if ("OPTIONS".equals(method)) {
                if (!corsAllowed) {
                    throw new ApiError(403, "invalid_request_error", "cors_disabled", null,
                            "Browser requests are off. To allow a web page's origin, start serving with --cors-origin ORIGIN "
                                    + "(or set it on the Settings screen).", null);
                }
                try {
                    ex.sendResponseHeaders(204, -1);
                } catch (IOException e) {
                    return 499;
                }
                return 204;
            }
            checkKey(ex);
            switch (path) {
                case "/v1/models" -> {
                    requireMethod(ex, "GET");
                    return send(ex, 200, models());
                }
                case "/v1/chat/completions" -> {
                    requireMethod(ex, "POST");
                    return completions(ex);
                }
                case "/v1/responses" -> throw new ApiError(404, "invalid_request_error", "unknown_url", null,
                        "This server has no Responses API (POST /v1/responses): it serves chat completions. With the Vercel AI SDK "
                                + "call provider.chat(model) (for example createOpenAI({ baseURL, apiKey }).chat('family')) instead of "
                                + "provider(model); with the openai package use client.chat.completions.create.", null);
                default -> {
                    if (path.startsWith("/v1/models/")) {
                        requireMethod(ex, "GET");
                        return send(ex, 200, model(path.substring("/v1/models/".length())));
                    }
                    throw new ApiError(404, "invalid_request_error", "unknown_url", null, "There is no " + method + " " + path
                            + " here. This server offers GET /v1/models and POST /v1/chat/completions.", null);
                }
            }
        }

        private int completions(HttpExchange ex) {
            byte[] body = readBody(ex);
            Timings t = new Timings();
            SharedRound round = chat.start(body, idempotencyKey(ex), isRetry(ex), t);
            ChatCompletions.Prepared p = SharedRound.await(round.prepared(), stopping);
            if (p.request().stream()) {
                Headers h = ex.getResponseHeaders();
                h.set("Content-Type", "text/event-stream; charset=utf-8");
                h.set("Cache-Control", "no-cache");
                h.set("X-Accel-Buffering", "no");
                try {
                    ex.sendResponseHeaders(200, 0);
                } catch (IOException e) {
                    return 499;
                }
                writer.stream(round, new SseStream(ex.getResponseBody()), stopping);
                t.answered();
                report(t);
                return 200;
            }
            ObjectNode answer = writer.complete(round, stopping);
            t.answered();
            ex.getResponseHeaders().set("Server-Timing", t.header());
            int status = send(ex, 200, answer);
            report(t);
            return status;
        }

        /** The client's Idempotency-Key (the OpenAI SDKs send one per call, the same on each retry). */
        private static String idempotencyKey(HttpExchange ex) {
            String k = ex.getRequestHeaders().getFirst("Idempotency-Key");
            if (k == null || k.isBlank()) {
                return null;
            }
            if (k.length() > 255) {
                throw ApiError.badRequest(null, "The Idempotency-Key header is over 255 characters.");
            }
            return k.strip();
        }

        /** The OpenAI SDKs (Node, Python) count their retries in this header; 0 or absent on a first try. */
        private static boolean isRetry(HttpExchange ex) {
            String n = ex.getRequestHeaders().getFirst("X-Stainless-Retry-Count");
            return n != null && !n.isBlank() && !n.strip().equals("0");
        }

        /** Only a request that ran its own round has timings: an attached retry waited on another's. */
        private void report(Timings t) {
            if (t.inMillis() >= 0) {
                timings.accept(t);
            }
        }

        private ObjectNode models() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("object", "list");
            ArrayNode data = o.putArray("data");
            for (Map.Entry<String, Integer> f : rounds.servedFamilies().entrySet()) {
                data.add(modelObject(f.getKey(), f.getValue()));
            }
            return o;
        }

        private ObjectNode model(String id) {
            Integer miners = rounds.servedFamilies().get(id);
            if (miners == null) {
                throw new ApiError(404, "invalid_request_error", "model_not_found", "model",
                        "The model family '" + id + "' is not served on this network. GET /v1/models lists the families served.", null);
            }
            return modelObject(id, miners);
        }

        private ObjectNode modelObject(String family, int eligibleMiners) {
            ObjectNode m = JsonNodeFactory.instance.objectNode();
            m.put("id", family);
            m.put("object", "model");
            m.put("created", 0);
            m.put("owned_by", "poq:" + rounds.network().name());
            ObjectNode poq = m.putObject("poq");
            poq.put("eligible_miners", eligibleMiners);
            poq.put("chain_id", rounds.network().chainId());
            return m;
        }

        private void checkHost(HttpExchange ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
            if (!LOCAL_HOSTS.contains(name)) {
                throw new ApiError(403, "invalid_request_error", "forbidden_host", null,
                        "This server answers only requests addressed to 127.0.0.1 or localhost.", null);
            }
        }

        /** Adds the CORS headers when the request's origin is the allowed one; true if it is. */
        private boolean cors(HttpExchange ex) {
            String origin = ex.getRequestHeaders().getFirst("Origin");
            if (origin == null || config.corsOrigin().isEmpty()) {
                return false;
            }
            String allowed = config.corsOrigin().get();
            if (!allowed.equals("*") && !allowed.equalsIgnoreCase(origin)) {
                return false;
            }
            Headers h = ex.getResponseHeaders();
            h.set("Access-Control-Allow-Origin", allowed.equals("*") ? "*" : origin);
            h.set("Vary", "Origin");
            h.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            String asked = ex.getRequestHeaders().getFirst("Access-Control-Request-Headers");
            h.set("Access-Control-Allow-Headers", asked == null ? "authorization, content-type" : asked);
            h.set("Access-Control-Max-Age", "600");
            // without this a browser page cannot read the headers that say not to retry, or where the time went
            h.set("Access-Control-Expose-Headers", "x-should-retry, server-timing");
            return true;
        }

        private void checkKey(HttpExchange ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
            if (!keys.accepts(presented)) {
                throw new ApiError(401, "invalid_request_error", "invalid_api_key", null, presented == null
                        ? "No API key: send the key that poq serve (or the Settings screen) showed, as 'Authorization: Bearer KEY'."
                        : "Incorrect API key. Use the key shown when serving was first switched on; "
                        + "poq serve --new-key (or New key on the Settings screen) makes a new one.", null);
            }
        }

        private static void requireMethod(HttpExchange ex, String method) {
            if (!method.equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", method);
                throw new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                        ex.getRequestURI().getPath() + " takes " + method + " requests.", null);
            }
        }

        private static byte[] readBody(HttpExchange ex) {
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    // read the rest before answering: closing a socket with unread bytes resets it, and the
                    // client (curl) then loses the answer that says why
                    if (!drained(in)) {
                        ex.getResponseHeaders().set("Connection", "close");
                    }
                    throw new ApiError(413, "invalid_request_error", "request_too_large", null,
                            "The request body is over 1 MiB; a PoQ prompt is at most a few KB.", null);
                }
                return body;
            } catch (IOException e) {
                throw ApiError.badRequest(null, "The request body could not be read: " + e.getMessage());
            }
        }

        /** Reads and drops the rest of a body, up to a bound; false when more remained. */
        private static boolean drained(InputStream in) throws IOException {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int r; total < DRAIN_LIMIT; total += r) {
                if ((r = in.read(buf)) < 0) {
                    return true;
                }
            }
            return false;
        }

        private static int send(HttpExchange ex, int status, ObjectNode json) {
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // the client went away: nothing to tell it
            }
            return status;
        }

        private static void sendError(HttpExchange ex, ApiError e) {
            // a paid request is never worth an automatic retry: the OpenAI SDKs honour this header
            ex.getResponseHeaders().set("x-should-retry", "false");
            send(ex, e.status(), e.toJson());
        }
    }
}
