package org.poq.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events as OpenAI streams them ({@code data: JSON}, then {@code data: [DONE]}), plus
 * comment lines ({@code : ...}) that keep the connection alive while the round runs and say its phase;
 * clients ignore comments. Written from the round's and the heartbeat's threads, hence synchronized.
 * A client that went away is noted and later writes are dropped: the round goes on and settles.
 */
final class SseStream {
    private final OutputStream out;
    private boolean gone;

    SseStream(OutputStream out) {
        this.out = out;
    }

    synchronized void comment(String text) {
        write(": " + text.replace('\n', ' ') + "\n\n");
    }

    synchronized void data(JsonNode json) {
        write("data: " + json.toString() + "\n\n");
    }

    synchronized void done() {
        write("data: [DONE]\n\n");
    }

    synchronized boolean clientGone() {
        return gone;
    }

    private void write(String text) {
        if (gone) {
            return;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            gone = true;
        }
    }
}
