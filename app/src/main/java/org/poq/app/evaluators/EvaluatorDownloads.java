package org.poq.app.evaluators;

import java.io.IOException;
import java.nio.file.Path;
import org.poq.evaluator.CatalogInstaller;
import org.poq.evaluator.EvaluatorCatalog;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.miner.library.ModelDownloader;

/**
 * Downloads catalog evaluators through the miner library's downloader (resumable with HTTP Range,
 * SHA-256 checked, a mismatching file discarded), so models and evaluators share one download path.
 * The command line and the window both call this.
 */
public final class EvaluatorDownloads {
    private final ModelDownloader downloader;

    public EvaluatorDownloads(ModelDownloader downloader) {
        this.downloader = downloader;
    }

    public static EvaluatorDownloads withDefaults() {
        return new EvaluatorDownloads(ModelDownloader.withDefaults());
    }

    public EvaluatorPackage download(EvaluatorCatalog.Entry entry, Path evaluatorsDir, CatalogInstaller.Progress progress)
            throws IOException {
        return CatalogInstaller.install(entry, evaluatorsDir,
                (url, part, expected, p) -> downloader.download(url, part, expected, p::update), progress);
    }
}
