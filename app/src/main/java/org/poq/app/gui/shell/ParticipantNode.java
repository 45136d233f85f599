package org.poq.app.gui.shell;

import java.util.function.Consumer;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipantService;

/** A {@link RunningNode} over the network module's participant service. */
public final class ParticipantNode implements RunningNode {
    private final ParticipantService service;

    public ParticipantNode(ParticipantService service) {
        this.service = service;
    }

    @Override
    public String address() {
        return service.address();
    }

    @Override
    public void onChange(Consumer<Participation> listener) {
        service.onChange(listener);
    }

    @Override
    public void onError(Consumer<Exception> listener) {
        service.onError(listener);
    }

    @Override
    public void close() {
        service.close();
    }
}
