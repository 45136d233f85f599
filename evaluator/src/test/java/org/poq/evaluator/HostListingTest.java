package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's side of reading hashes from the host that needs no server (the listing reader is core's
 * HubListing, tested there; the download through a local server imitating the Hugging Face API is in the
 * app's EvaluatorDownloadsTest), and the bundled catalog's pins.
 */
class HostListingTest {
    private static final String REV = "7b0235231ca2674cb8ca8f022859a6eba2b1c968";

    @Test
    void onlyHuggingFaceStyleUrlsCanHaveTheirHashesReadFromTheHost() {
        // the URL parsing itself is core's HubListing (HubListingTest); this is the evaluator's word for a refusal
        assertThatThrownBy(() -> HostListing.hosted(URI.create("https://example.org/files/model.onnx")))
                .hasMessage("cannot read a hash for https://example.org/files/model.onnx from the host: only Hugging Face "
                        + "style URLs (<host>/<repo>/resolve/<revision>/<file>) are supported");
    }

    @Test
    void hashesFromTheHostNeedAFullCommitInEveryUrl() throws Exception {
        String files = "\"files\":[{\"name\":\"model.onnx\",\"url\":\"https://h/o/r/resolve/%s/onnx/model.onnx\",\"sha256\":null},"
                + "{\"name\":\"tokenizer.json\",\"url\":\"https://h/o/r/resolve/%s/tokenizer.json\",\"sha256\":null}]";
        String config = ",\"evaluator\":{\"format\":1,\"name\":\"x\",\"kind\":\"cross\",\"maxLength\":128,\"maxPromptTokens\":64,"
                + "\"head\":{\"type\":\"logistic\",\"scale\":1.0,\"bias\":0.0}}";
        String entry = "{\"evaluators\":[{\"name\":\"x\",\"format\":\"onnx-cross-encoder\",\"licence\":\"MIT\",\"hashes\":\"host\",\"revision\":\"%s\"," + files + config + "}]}";
        assertThatThrownBy(() -> EvaluatorCatalog.parse(String.format(entry, "main", "main", "main")))
                .hasMessageContaining("needs a revision that is a full commit id (40 hex digits), not \"main\"");
        assertThatThrownBy(() -> EvaluatorCatalog.parse(String.format(entry, REV, REV, "main")))
                .hasMessageContaining("the URL of tokenizer.json is not at revision " + REV);
        EvaluatorCatalog.Entry ok = EvaluatorCatalog.parse(String.format(entry, REV, REV, REV)).require("x");
        assertThat(ok.verified()).isFalse();
        assertThat(ok.downloadable()).isTrue();
        assertThat(ok.availability()).isEqualTo("downloadable (SHA-256 read from the host's listing at revision 7b0235231ca2)");
    }

    @Test
    void theBundledMsMarcoEntriesArePinnedToARevisionOneWithItsHashes() throws Exception {
        EvaluatorCatalog catalog = EvaluatorCatalog.bundled();
        EvaluatorCatalog.Entry l6 = catalog.require("ms-marco-minilm-l6-v2");
        assertThat(l6.verified()).isTrue();
        assertThat(l6.revision()).isEqualTo("c5ee24cb16019beea0893ab7796b1df96625c6b8");
        assertThat(l6.files()).allMatch(f -> f.url().getPath().contains("/resolve/" + l6.revision() + "/"));
        assertThat(l6.files().get(0).sha256().orElseThrow().hex()).isEqualTo("5d3e70fd0c9ff14b9b5169a51e957b7a9c74897afd0a35ce4bd318150c1d4d4a");
        EvaluatorCatalog.Entry l12 = catalog.require("ms-marco-minilm-l12-v2");
        assertThat(l12.verified()).isFalse();
        assertThat(l12.downloadable()).isTrue();
        assertThat(l12.revision()).isEqualTo(REV);
    }
}
