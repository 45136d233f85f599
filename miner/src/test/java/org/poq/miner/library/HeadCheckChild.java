package org.poq.miner.library;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.poq.core.Sha256;

/** A pull in a process of its own, so a test can end it as Ctrl-C does: args URL PART-FILE. */
public final class HeadCheckChild {
    private HeadCheckChild() {
    }

    public static void main(String[] args) {
        new ModelDownloader(HttpClient.newHttpClient(), 1, Duration.ofMillis(10), Duration.ofSeconds(120))
                .download(URI.create(args[0]), Path.of(args[1]), Sha256.of(new byte[0]), DownloadProgress.NONE);
    }
}
