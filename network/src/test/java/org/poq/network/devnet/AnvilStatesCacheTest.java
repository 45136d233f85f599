package org.poq.network.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * anvil writes a file for every past state it pushes out of memory (about 0.2 MB a block on an empty
 * chain) and never deletes them, by default under ~/.foundry/anvil/tmp: tests and soaks filled 70 GB
 * of disk in two hours, and a devnet left running for days would do the same to a user's disk. Each
 * node now keeps them in its own folder, removed when it stops.
 */
class AnvilStatesCacheTest {
    @TempDir
    Path dir;

    @Test
    void aNodesPastStatesGoToItsOwnFolderWhichIsRemovedWhenItStops() throws Exception {
        Path cache;
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral())) {
            cache = anvil.statesCache();
            mine(anvil, 600); // anvil keeps the newest few hundred in memory
            assertThat(files(cache)).as("the past states are written to the node's own folder").isPositive();
        }
        assertThat(cache).as("and removed with the node").doesNotExist();
    }

    @Test
    void aDevnetWithAStateFileKeepsItsChainButNotItsPastStates() throws Exception {
        Path state = dir.resolve("devnet").resolve("state.json");
        Path cache = AnvilProcess.statesCacheBeside(state);
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("left-by-a-killed-node.json"), "{}");
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral().withState(state))) {
            assertThat(anvil.statesCache()).isEqualTo(cache);
            assertThat(cache.resolve("left-by-a-killed-node.json")).as("a killed node's leftovers go at the next start").doesNotExist();
            mine(anvil, 600); // anvil keeps the newest few hundred in memory
            assertThat(files(cache)).isPositive();
        }
        assertThat(cache).doesNotExist();
        assertThat(state).as("the chain itself is kept").exists();
    }

    private static void mine(AnvilProcess anvil, int blocks) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(anvil.rpcUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_mine\",\"params\":[\"0x"
                        + Integer.toHexString(blocks) + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).doesNotContain("error");
    }

    private static long files(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
