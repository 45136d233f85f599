package org.poq.core.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.poq.core.Sha256;

/**
 * The one Hugging Face listing reader, against a local server imitating the model API (the miner's
 * HostHashesTest and the app's EvaluatorDownloadsTest drive it through their own callers too).
 */
class HubListingTest {
    private static final String REV = "7b0235231ca2674cb8ca8f022859a6eba2b1c968";
    private static final String LFS = "5d3e70fd0c9ff14b9b5169a51e957b7a9c74897afd0a35ce4bd318150c1d4d4a";

    private HttpServer server;
    private final HubListing hub = new HubListing(HttpClient.newHttpClient(), Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void gitBlobIdsAreGitsOwn() {
        // `git hash-object` of an empty file and of "hello\n"
        assertThat(HubListing.gitBlobId(new byte[0])).isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        assertThat(HubListing.gitBlobId("hello\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
    }

    @Test
    void aHuggingFaceUrlNamesRepoRevisionAndPathAndTheListingUrlFollows() {
        HubListing.HostedFile f = HubListing.HostedFile.parse(
                URI.create("https://huggingface.co/cross-encoder/ms-marco-MiniLM-L12-v2/resolve/" + REV + "/onnx/model.onnx")).orElseThrow();
        assertThat(f.repo()).isEqualTo("cross-encoder/ms-marco-MiniLM-L12-v2");
        assertThat(f.revision()).isEqualTo(REV);
        assertThat(f.path()).isEqualTo("onnx/model.onnx");
        assertThat(f.listing()).hasToString("https://huggingface.co/api/models/cross-encoder/ms-marco-MiniLM-L12-v2/revision/" + REV + "?blobs=true");
        assertThat(HubListing.HostedFile.parse(URI.create("https://example.org/files/model.onnx"))).isEmpty();
        assertThat(HubListing.HostedFile.parse(URI.create("https://h/o/r/resolve/main/"))).isEmpty();
    }

    @Test
    void anEtagThatIsNotASha256IsNotTakenForOne() {
        // attack: a host (or a proxy) puts a git hash or junk in the linked ETag; it must not become the expected hash
        assertThat(HubListing.sha256OfEtag("W/\"" + "AB".repeat(32) + "\"")).hasValue(Sha256.parse("ab".repeat(32)));
        assertThat(HubListing.sha256OfEtag("\"0123456789abcdef0123456789abcdef01234567\"")).isEmpty();
        assertThat(HubListing.sha256OfEtag("\"" + "g".repeat(64) + "\"")).isEmpty();
    }

    @Test
    void anLfsFileIsListedWithItsSha256AndAGitFileWithItsBlobId() throws IOException {
        serve(200, """
                {"sha": "%s", "siblings": [
                  {"rfilename": "onnx/model.onnx", "blobId": "0123456789abcdef0123456789abcdef01234567", "size": 134,
                   "lfs": {"sha256": "%s", "size": 133093490, "pointerSize": 134}},
                  {"rfilename": "tokenizer.json", "blobId": "CE013625030BA8DBA906F756967F9E9CA394464A", "size": 6},
                  {"rfilename": "README.md"}]}
                """.formatted(REV, LFS));
        HubListing.Listing listing = hub.read(file("onnx/model.onnx"));
        assertThat(listing.commit()).isEqualTo(REV);
        HubListing.ListedFile model = listing.find("onnx/model.onnx").orElseThrow();
        assertThat(model.lfsSha256()).hasValue(Sha256.parse(LFS));
        assertThat(model.size()).isEqualTo(133_093_490L);
        HubListing.ListedFile tokenizer = listing.find("tokenizer.json").orElseThrow();
        assertThat(tokenizer.lfsSha256()).isEmpty();
        assertThat(tokenizer.blobId()).hasValue("ce013625030ba8dba906f756967f9e9ca394464a");
        assertThat(tokenizer.size()).isEqualTo(6);
        HubListing.ListedFile readme = listing.find("README.md").orElseThrow();
        assertThat(readme.lfsSha256()).isEmpty();
        assertThat(readme.blobId()).isEmpty();
        assertThat(listing.find("missing.bin")).isEmpty();
    }

    @Test
    void anErrorPageOrAnotherApiIsNotAListingAndSaysSo() throws IOException {
        serve(404, "Repository not found");
        assertThatThrownBy(() -> hub.read(file("m.gguf"))).isInstanceOfSatisfying(HubListing.NotListed.class,
                        e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("the model host did not list o/r at revision " + REV + " (HTTP 404)");
        server.stop(0);
        serve(200, "<html>not the API</html>");
        assertThatThrownBy(() -> hub.read(file("m.gguf"))).isInstanceOf(HubListing.NotListed.class)
                .hasMessage("the model host's listing of o/r is not valid JSON");
    }

    @Test
    void anUnreachableHostIsAnIoErrorNotARefusal() {
        HubListing.HostedFile gone = HubListing.HostedFile.parse(URI.create("http://127.0.0.1:1/o/r/resolve/" + REV + "/m.gguf")).orElseThrow();
        assertThatThrownBy(() -> hub.read(gone)).isInstanceOf(IOException.class).isNotInstanceOf(HubListing.NotListed.class);
    }

    private HubListing.HostedFile file(String path) {
        return HubListing.HostedFile.parse(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/o/r/resolve/"
                + REV + "/" + path)).orElseThrow();
    }

    private void serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/api/models/o/r/revision/" + REV, exchange -> {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }
}
