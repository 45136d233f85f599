package org.poq.miner.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.poq.core.Sha256;
import org.poq.miner.testmodels.ModelFiles;

/** Reading the SHA-256 a host publishes, against a local server imitating Hugging Face's headers and API. */
class HostHashesTest {
    private final HostHashes hosts = new HostHashes(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
            Duration.ofSeconds(5));

    @Test
    void theLinkedEtagOfTheRedirectIsTheFilesSha256() throws Exception {
        Path model = ModelFiles.tinyLlama3();
        try (FakeModelHost host = new FakeModelHost()) {
            URI url = host.put("o/r", "main", "tiny.gguf", model);
            HostHashes.HostFile f = hosts.read(url);
            assertThat(f.sha256()).isEqualTo(Sha256.ofFile(model));
            assertThat(f.size()).hasValue(java.nio.file.Files.size(model));
            assertThat(f.readFrom()).startsWith("X-Linked-ETag of ");
            assertThat(host.fileGets()).isZero();
        }
    }

    @Test
    void withoutTheHeaderTheApisLfsEntryIsRead() throws Exception {
        Path model = ModelFiles.tinyLlama3();
        try (FakeModelHost host = new FakeModelHost().publishing(FakeModelHost.Publishes.API_ONLY)) {
            URI url = host.put("o/r", "abc123", "sub/tiny.gguf", model);
            HostHashes.HostFile f = hosts.read(url);
            assertThat(f.sha256()).isEqualTo(Sha256.ofFile(model));
            assertThat(f.readFrom()).contains("/api/models/o/r/revision/abc123?blobs=true");
        }
    }

    @Test
    void aHostThatPublishesNoHashIsRefusedInPlainWords() throws Exception {
        try (FakeModelHost host = new FakeModelHost().publishing(FakeModelHost.Publishes.NOTHING)) {
            URI url = host.put("o/r", "main", "tiny.gguf", ModelFiles.tinyLlama3());
            assertThatThrownBy(() -> hosts.read(url)).isInstanceOf(LibraryException.class)
                    .hasMessage("the host of tiny.gguf publishes no SHA-256 for it (no X-Linked-ETag header and no LFS "
                            + "entry in its API), so the download could not be verified and was not started: give the "
                            + "file's SHA-256 (64 hex digits) with --sha256");
            assertThat(host.fileGets()).isZero();
        }
    }

    @Test
    void anEtagThatIsNotASha256IsNotTakenForOne() throws Exception {
        // attack: a host (or a proxy) puts a git hash or junk in the linked ETag; it must not become the expected hash
        try (FakeModelHost host = new FakeModelHost().forgingEtag("0123456789abcdef0123456789abcdef01234567")) {
            URI url = host.put("o/r", "main", "tiny.gguf", ModelFiles.tinyLlama3());
            assertThatThrownBy(() -> hosts.read(url)).hasMessageContaining("publishes no SHA-256");
        }
    }

    @Test
    void anUnreachableHostIsNamedNotNull() {
        URI url = URI.create("http://127.0.0.1:1/o/r/resolve/main/tiny.gguf");
        assertThatThrownBy(() -> hosts.read(url)).isInstanceOf(LibraryException.class)
                .hasMessageStartingWith("cannot read the SHA-256 of tiny.gguf from its host: ")
                .message().doesNotContain("null");
    }

    /** A host that accepts the connection and never answers must not hold a pull's cancel for the request timeout. */
    @Test
    void cancelEndsAHashReadStillWaitingForTheHost() throws Exception {
        HostHashes patient = new HostHashes(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                Duration.ofMinutes(5));
        try (SilentServer silent = new SilentServer()) {
            DownloadCancel cancel = new DownloadCancel();
            long[] cancelledAt = new long[1];
            Thread canceller = silent.cancelOnceConnected(cancel, cancelledAt);
            URI url = silent.url("/o/r/resolve/main/tiny.gguf");
            assertThatThrownBy(() -> patient.read(url, cancel)).isInstanceOf(LibraryException.class)
                    .hasMessage("the download was cancelled");
            long returnedAt = System.nanoTime();
            canceller.join();
            assertThat(Duration.ofNanos(returnedAt - cancelledAt[0])).isLessThan(Duration.ofSeconds(2));
            assertThat(Thread.currentThread().isInterrupted()).as("the cancel's interrupt is not left on the caller").isFalse();
        }
    }
}
