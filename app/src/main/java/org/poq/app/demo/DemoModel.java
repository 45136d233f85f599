package org.poq.app.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.poq.core.AppPaths;

/**
 * The small model that ships with the app so the demo and a fresh install run offline: a 434 KB
 * Llama-3-shaped GGUF with a real tokenizer and random weights, made by the miner module's test-model
 * generator (miner/src/test/java/org/poq/miner/testmodels/TestModels.java). Its answers are noise;
 * real models come from the model library's import and download.
 */
public final class DemoModel {
    public static final String FILE = "tiny-llama3-demo.gguf";
    public static final String FAMILY = "demo-tiny-llama";

    private DemoModel() {
    }

    /** Copies the model into the models folder on first use and returns its path. */
    public static Path install(AppPaths paths) throws IOException {
        Path target = paths.models().resolve(FILE);
        if (Files.exists(target)) {
            return target;
        }
        try (InputStream in = DemoModel.class.getResourceAsStream("tiny-llama3.gguf")) {
            if (in == null) {
                throw new IOException("the demo model is missing from this build");
            }
            Path tmp = Files.createTempFile(paths.models(), FILE, ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }
}
