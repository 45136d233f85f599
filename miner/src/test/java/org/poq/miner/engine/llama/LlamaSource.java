package org.poq.miner.engine.llama;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The llama.cpp source of the pinned node-llama-cpp, unpacked by miner/native/llama-source.sh (cached). */
final class LlamaSource {
    private static Path dir;

    private LlamaSource() {
    }

    static synchronized Path dir() throws IOException, InterruptedException {
        if (dir == null) {
            Path script = repoRoot().resolve("miner/native/llama-source.sh");
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("llama-source.sh failed (exit " + p.exitValue() + ")");
            }
            dir = Path.of(out);
        }
        return dir;
    }

    static Path repoRoot() {
        String root = System.getProperty("poq.repo.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("miner/native/llama-source.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root");
    }
}
