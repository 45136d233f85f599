package org.poq.miner.engine.llama;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answer text as it streams, held back where it might be the start of a stop string, cut at the
 * first stop string and at a byte limit (on a character boundary).
 */
public final class StopMatcher {
    private final List<String> stops;
    private final int maxBytes;
    private final StringBuilder held = new StringBuilder();
    private int emittedBytes;
    private boolean stopped;
    private boolean byteLimited;

    public StopMatcher(List<String> stops, int maxBytes) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.maxBytes = maxBytes;
    }

    /** Adds text; returns what may be sent now. After a stop string or the byte limit, {@link #stopped()} is true. */
    public String add(String text) {
        if (stopped) {
            return "";
        }
        held.append(text);
        int cut = -1;
        for (String s : stops) {
            int at = held.indexOf(s);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            String out = held.substring(0, cut);
            held.setLength(0);
            return limit(out);
        }
        int keep = 0;
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, held.length()); k > keep; k--) {
                if (held.toString().regionMatches(held.length() - k, s, 0, k)) {
                    keep = k;
                    break;
                }
            }
        }
        int sendUpTo = held.length() - keep;
        if (sendUpTo > 0 && Character.isHighSurrogate(held.charAt(sendUpTo - 1))) {
            sendUpTo--;
        }
        String out = held.substring(0, sendUpTo);
        held.delete(0, sendUpTo);
        return limit(out);
    }

    /** The held-back text at the end of the answer. */
    public String flush() {
        String out = stopped ? "" : held.toString();
        held.setLength(0);
        return limit(out);
    }

    private String limit(String out) {
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        if (emittedBytes + bytes.length <= maxBytes) {
            emittedBytes += bytes.length;
            return out;
        }
        stopped = true;
        byteLimited = true;
        int room = maxBytes - emittedBytes;
        int end = 0;
        int bytesSoFar = 0;
        while (end < out.length()) {
            int cp = out.codePointAt(end);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytesSoFar + len > room) {
                break;
            }
            bytesSoFar += len;
            end += Character.charCount(cp);
        }
        emittedBytes += bytesSoFar;
        return out.substring(0, end);
    }

    public boolean stopped() {
        return stopped;
    }

    public boolean byteLimited() {
        return byteLimited;
    }
}
