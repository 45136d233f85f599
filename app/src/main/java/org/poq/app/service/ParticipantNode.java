package org.poq.app.service;

import java.util.function.Consumer;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipantService;

/**
 * A {@link RunningNode} made of a node's own methods: the network module's participant service, or a
 * service that wraps one (the miner's, which also streams tokens).
 */
public final class ParticipantNode implements RunningNode {
    private final String address;
    private final Consumer<Consumer<Participation>> changes;
    private final Consumer<Consumer<Exception>> errors;
    private final Consumer<Consumer<String>> standing;
    private final Consumer<Consumer<String>> tokens;
    private final Runnable close;

    public ParticipantNode(String address, Consumer<Consumer<Participation>> changes, Consumer<Consumer<Exception>> errors,
                           Consumer<Consumer<String>> standing, Consumer<Consumer<String>> tokens, Runnable close) {
        this.address = address;
        this.changes = changes;
        this.errors = errors;
        this.standing = standing;
        this.tokens = tokens;
        this.close = close;
    }

    public ParticipantNode(ParticipantService service) {
        this(service.address(), service::onChange, service::onError, service::onStanding, listener -> { }, service::close);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void onChange(Consumer<Participation> listener) {
        changes.accept(listener);
    }

    @Override
    public void onError(Consumer<Exception> listener) {
        errors.accept(listener);
    }

    @Override
    public void onStanding(Consumer<String> listener) {
        standing.accept(listener);
    }

    @Override
    public void onTokens(Consumer<String> listener) {
        tokens.accept(listener);
    }

    @Override
    public void close() {
        close.run();
    }
}
