package org.poq.network.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (chains, databases, nodes), closed after it newest first: a node before the
 * database and the chain it uses. A test class keeps one and closes it in its {@code @AfterEach}.
 */
public final class Opened implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Keeps {@code c} to close after the test; returns it. */
    public <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
