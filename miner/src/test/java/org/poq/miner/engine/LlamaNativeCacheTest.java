package org.poq.miner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaNativeCacheTest {
    @TempDir
    Path cache;

    @Test
    void manyStartingTogetherGetOneCompleteCopyAndLeaveNoStagingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Optional<Path>>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit((Callable<Optional<Path>>) () -> LlamaNativeCache.folder(cache)));
            }
            Path first = results.get(0).get().orElseThrow();
            for (Future<Optional<Path>> r : results) {
                assertThat(r.get()).contains(first);
            }
            String file = System.mapLibraryName("jllama");
            long inJar;
            try (var in = getClass().getClassLoader().getResourceAsStream(
                    LlamaNativeCache.resourceFor(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow())) {
                inJar = in.readAllBytes().length;
            }
            assertThat(Files.size(first.resolve(file))).isEqualTo(inJar);
            try (Stream<Path> entries = Files.list(cache)) {
                assertThat(entries).containsExactly(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resourceNamesFollowTheBindingsLayout() {
        assertThat(LlamaNativeCache.resourceFor("Linux", "amd64")).contains("de/kherud/llama/Linux/x86_64/libjllama.so");
        assertThat(LlamaNativeCache.resourceFor("Mac OS X", "aarch64")).contains("de/kherud/llama/Mac/aarch64/libjllama.dylib");
        assertThat(LlamaNativeCache.resourceFor("Windows 11", "amd64")).contains("de/kherud/llama/Windows/x86_64/jllama.dll");
        assertThat(LlamaNativeCache.resourceFor("SunOS", "sparcv9")).isEmpty();
    }
}
