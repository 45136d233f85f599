package org.poq.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutorTaskRunnerTest {
    @Test
    void runsWorkAndHandsBackItsResult() throws Exception {
        try (ExecutorTaskRunner runner = new ExecutorTaskRunner("test", 1)) {
            assertThat(runner.submit("add", () -> 2 + 2).get(5, TimeUnit.SECONDS)).isEqualTo(4);
        }
    }

    /**
     * A window closing while a late UI event (a field filled in by an earlier load) asks for work:
     * before, the closed pool threw RejectedExecutionException into the UI thread.
     */
    @Test
    void workAskedForAfterCloseIsNotStartedAndThrowsNothing() {
        ExecutorTaskRunner runner = new ExecutorTaskRunner("test", 1);
        runner.close();
        CompletableFuture<Integer> late = runner.submit("late", () -> 1);
        assertThat(late).isCancelled();
    }
}
