package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {
    @Test
    void aFailingCloseDoesNotStopTheOthers() {
        List<String> closed = new ArrayList<>();
        Closeables.closeAll(List.of(() -> closed.add("a"), () -> {
            throw new IllegalStateException("broken");
        }, () -> closed.add("c")));
        assertThat(closed).containsExactly("a", "c");
    }
}
