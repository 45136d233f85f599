package org.poq.network.node;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What stops a node from serving, in plain words, for the operator: the node's output line and the
 * Miner and Validator screens' status (issue 28). Each problem ("the chain was reset and the market has
 * no code", "no longer registered") is told once when it starts or changes and once when it ends, never
 * repeated at every resync; the error channel is for failures of a step, this is the node's standing.
 */
final class StandingLines {
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener;

    StandingLines(Consumer<String> fallback) {
        this.listener = fallback;
    }

    void onLine(Consumer<String> l) {
        this.listener = l;
    }

    /** Tells {@code line} unless it is what {@code topic} already says. */
    void problem(String topic, String line) {
        String before = problems.put(topic, line);
        if (!line.equals(before)) {
            listener.accept(line);
        }
    }

    /** The problem of {@code topic} is over: tells {@code line} when one was told. */
    void over(String topic, String line) {
        if (problems.remove(topic) != null) {
            listener.accept(line);
        }
    }

    /** Tells a line that is no lasting problem (a change made once, such as entering a new network). */
    void once(String line) {
        listener.accept(line);
    }

    /** Tells {@code line} once, whether or not a problem of {@code topic} was told, and ends that problem. */
    void resolved(String topic, String line) {
        problems.remove(topic);
        listener.accept(line);
    }

    /** The problems told and not over, in words; empty while the node serves. */
    Optional<String> now() {
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems.values()));
    }
}
