package org.poq.app.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.poq.core.Sha256;
import org.poq.miner.library.FakeModelHost;
import org.poq.miner.testmodels.TestModels;

/**
 * A catalog of tiny models served by a local host imitating Hugging Face: "tiny" in Q4_K_M (hash
 * pinned) and Q8_0 (no hash: read from the host), and "tiny-split" in three gguf-split parts.
 */
public final class TestCatalogs {
    private TestCatalogs() {
    }

    public static String serveAndDescribe(FakeModelHost host, Path files, int version, String minEngine) throws IOException {
        Path single = TestModels.tinyLlama3(files);
        host.put("test/tiny-GGUF", "main", "tiny-q4_k_m.gguf", single);
        host.put("test/tiny-GGUF", "main", "tiny-q8_0.gguf", single);
        Path splitDir = Files.createDirectories(files.resolve("split"));
        List<Path> parts = TestModels.tinyLlama3Split(splitDir, 3);
        for (Path p : parts) {
            host.put("test/tiny-split-GGUF", "0123456789abcdef0123456789abcdef01234567", "Q4_K_M/" + p.getFileName(), p);
        }
        StringBuilder partsJson = new StringBuilder();
        for (Path p : parts) {
            partsJson.append(partsJson.length() == 0 ? "" : ", ").append("{\"name\": \"Q4_K_M/").append(p.getFileName())
                    .append("\", \"size\": ").append(Files.size(p)).append(", \"sha256\": \"").append(Sha256.ofFile(p).hex()).append("\"}");
        }
        return """
                {"format": 1, "version": %d, "host": "%s", "models": [
                  {"name": "tiny", "displayName": "Tiny Llama 3", "family": "tiny-family", "licence": "test", "gating": "not gated",
                   "architecture": "llama", "parametersBillions": 0.0001,
                   "shape": {"layers": 2, "kvHeads": 2, "keyLength": 16, "valueLength": 16, "vocabulary": 400},
                   "contextLength": 512, "recommendedContext": 256, "minEngine": "%s", "demoRank": 2,
                   "quants": [
                     {"quant": "Q4_K_M", "repo": "test/tiny-GGUF", "revision": "main", "unpinned": true, "hashSource": "the test's own file",
                      "sizeSource": "the test's own file",
                      "files": [{"name": "tiny-q4_k_m.gguf", "size": %d, "sha256": "%s"}]},
                     {"quant": "Q8_0", "repo": "test/tiny-GGUF", "revision": "main", "unpinned": true, "hashSource": null,
                      "files": [{"name": "tiny-q8_0.gguf", "size": null, "sha256": null}]}]},
                  {"name": "tiny-split", "displayName": "Tiny Llama 3 in parts", "family": "tiny-split-family", "licence": "test",
                   "gating": "not gated", "architecture": "llama", "parametersBillions": 0.0001,
                   "shape": {"layers": 2, "kvHeads": 2, "keyLength": 16, "valueLength": 16, "vocabulary": 400},
                   "contextLength": 512, "recommendedContext": 256, "minEngine": "3.0.0", "demoRank": 1,
                   "quants": [
                     {"quant": "Q4_K_M", "repo": "test/tiny-split-GGUF", "revision": "0123456789abcdef0123456789abcdef01234567",
                      "hashSource": "the test's own files", "revisionSource": "the test's host",
                      "sizeSource": "the test's own files", "files": [%s]}]}]}
                """.formatted(version, host.base(), minEngine, Files.size(single), Sha256.ofFile(single).hex(), partsJson);
    }
}
