package org.poq.wallet.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP hop in front of anvil that forwards JSON-RPC until told to cut: then it drops the
 * connection of every request for the named method without forwarding it, as a network failure in
 * the middle of a send would.
 */
public final class CuttableRpcProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile String cutMethod;
    private final AtomicInteger cuts = new AtomicInteger();

    public CuttableRpcProxy(String target) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String cut = cutMethod;
            if (cut != null && text.contains("\"" + cut + "\"")) {
                cuts.incrementAndGet();
                exchange.close();
                return;
            }
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(target))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(r.statusCode(), r.body().length);
                exchange.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void cut(String method) {
        cutMethod = method;
    }

    public int cuts() {
        return cuts.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
