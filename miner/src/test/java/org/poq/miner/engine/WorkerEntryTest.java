package org.poq.miner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.worker.InferenceWorker;

/**
 * The engine starts its worker JVM by the main class's name (so that the engine's package does not
 * depend on the worker's): a rename or a move of the worker must fail here, not at a miner's first load.
 */
class WorkerEntryTest {
    @Test
    void theNamedWorkerMainIsTheWorkersEntryPoint() throws Exception {
        assertThat(WorkerProcess.WORKER_MAIN).isEqualTo(InferenceWorker.class.getName());
        Method main = Class.forName(WorkerProcess.WORKER_MAIN).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }
}
