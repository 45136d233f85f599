package org.poq.miner.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poq.miner.testmodels.AuditModels;

/** The audit's test models, generated once per build under target/test-models. */
final class AuditModelFiles {
    private static final Path DIR = Path.of("target", "test-models").toAbsolutePath();

    private AuditModelFiles() {
    }

    static synchronized Path of(AuditModels.Arch arch, int weightSeed, AuditModels.Quant quant, boolean medium) {
        try {
            return AuditModels.write(Files.createDirectories(DIR), new AuditModels.Variant(arch, weightSeed, quant, medium));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
