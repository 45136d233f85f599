package org.poq.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.poq.app.service.ModelCatalogService;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.hardware.MemoryFit;

/**
 * The model the demo nodes run: the best catalog model the user already pulled (the catalog's demo
 * order: Llama 3.2 1B first) that fits this machine at the demo's context, else the bundled tiny model,
 * whose answers are noise. Either way the description says which, so a user knows what answered.
 */
public record DemoModelChoice(Path file, Sha256 id, String description, boolean bundled) {

    /** @param context the context the demo nodes load models with */
    public static DemoModelChoice choose(AppPaths paths, int context) throws IOException {
        return choose(paths, context, HardwareInfo.detect());
    }

    static DemoModelChoice choose(AppPaths paths, int context, HardwareInfo hw) throws IOException {
        Optional<DemoModelChoice> pulled = Files.isRegularFile(paths.database()) ? pulled(paths, context, hw) : Optional.empty();
        if (pulled.isPresent()) {
            return pulled.get();
        }
        Path file = DemoModel.install(paths);
        return new DemoModelChoice(file, Sha256.ofFile(file), "the bundled tiny model " + DemoModel.FILE
                + " (random weights: its answers are noise; for real answers pull a model, e.g. "
                + "poq models pull llama-3.2-1b-instruct)", true);
    }

    private static Optional<DemoModelChoice> pulled(AppPaths paths, int context, HardwareInfo hw) {
        try (Database db = Database.open(paths.database())) {
            for (ModelCatalogService.Downloaded d : ModelCatalogService.open(paths, db).downloaded()) {
                ModelMetadata m = ModelMetadata.read(d.model().path());
                MemoryFit fit = MemoryFit.assess(MemoryEstimate.of(m, Math.min(context, m.contextLength()), -1), hw);
                if (fit.verdict() != MemoryFit.Verdict.DOES_NOT_FIT) {
                    return Optional.of(new DemoModelChoice(d.model().path(), d.model().id(), d.entry().displayName() + " "
                            + d.quant() + " from the catalog (" + d.entry().name() + ":" + d.quant() + ")", false));
                }
            }
        }
        return Optional.empty();
    }
}
