package org.poq.miner.testmodels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny test models, generated once per build under target/test-models. */
public final class ModelFiles {
    private static final Path DIR = Path.of("target", "test-models").toAbsolutePath();

    private ModelFiles() {
    }

    public static synchronized Path tinyLlama3() {
        try {
            return TestModels.tinyLlama3(Files.createDirectories(DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized Path tinyMixtral() {
        try {
            return TestModels.tinyMixtral(Files.createDirectories(DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
