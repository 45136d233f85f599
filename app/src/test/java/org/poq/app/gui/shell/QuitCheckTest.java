package org.poq.app.gui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.app.service.NodeLauncher;

/** Issue 27, item 15: the quit dialog said "kill 11117" and did not say the endpoint was still serving. */
class QuitCheckTest {
    static final NodeLauncher.Started MINER = new NodeLauncher.Started(NodeLauncher.Role.MINER, null);

    @Test
    void theQuestionNamesTheEndpointAndNoProcessId() {
        String q = QuitCheck.question(List.of(MINER), List.of("http://127.0.0.1:8545")).orElseThrow();
        assertThat(q).startsWith("1 node(s) run in this window (1 miner(s), 0 validator(s))")
                .contains("The endpoint at http://127.0.0.1:8545 is serving requests")
                .doesNotContain("kill").doesNotContain(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void anEndpointAloneIsAskedAboutAndNothingRunningIsNot() {
        assertThat(QuitCheck.question(List.of(), List.of("http://127.0.0.1:8080"))).hasValueSatisfying(q ->
                assertThat(q).contains("http://127.0.0.1:8080").contains("Quitting stops it"));
        assertThat(QuitCheck.question(List.of(), List.of())).isEmpty();
    }
}
