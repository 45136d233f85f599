package org.poq.evaluator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poq.core.Sha256;

/**
 * Downloads a catalog entry and imports it like any package. The files go to
 * {@code <evaluators>/.downloads/<entry>/<file>.part} through the given {@link Fetcher} — the app passes
 * the miner library's resumable, hash-checked downloader, so an interrupted download continues where it
 * stopped, also after a restart — then into a staging folder with the entry's evaluator.json, where the
 * import validates it and moves it under its id.
 */
public final class CatalogInstaller {
    /** Downloads url into part (resuming what is there) and fails unless the result has the expected SHA-256. */
    @FunctionalInterface
    public interface Fetcher {
        void fetch(URI url, Path part, Sha256 expected, Progress progress) throws IOException;
    }

    /** Bytes of the whole entry so far and its total. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    private CatalogInstaller() {
    }

    public static EvaluatorPackage install(EvaluatorCatalog.Entry entry, Path evaluatorsDir, Fetcher fetcher, Progress progress)
            throws IOException {
        if (!entry.verified()) {
            throw new InvalidEvaluatorException("the catalog entry " + entry.name() + " has no verified SHA-256 yet, so it cannot be "
                    + "downloaded safely; fetch its files yourself and use `poq evaluators import FOLDER`");
        }
        Path downloads = evaluatorsDir.resolve(".downloads").resolve(entry.name());
        Files.createDirectories(downloads);
        long total = entry.size();
        long before = 0;
        for (EvaluatorCatalog.CatalogFile f : entry.files()) {
            Path part = downloads.resolve(f.name() + ".part");
            long offset = before;
            fetcher.fetch(f.url(), part, f.sha256().orElseThrow(), (done, fileTotal) -> progress.update(offset + done, total));
            before += f.size() > 0 ? f.size() : Files.size(part);
        }
        try (StagingDir staging = StagingDir.in(evaluatorsDir)) {
            for (EvaluatorCatalog.CatalogFile f : entry.files()) {
                Files.copy(downloads.resolve(f.name() + ".part"), staging.path().resolve(f.name()));
            }
            Files.writeString(staging.path().resolve(EvaluatorPackage.CONFIG), entry.config().toJson());
            EvaluatorPackage installed = EvaluatorImporter.install(staging, evaluatorsDir);
            StagingDir.deleteTree(downloads);
            return installed;
        }
    }
}
