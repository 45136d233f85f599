package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvaluatorConfigTest {
    private static final String VALID = """
            {"format": 1, "name": "x", "kind": "cross", "maxLength": 128, "maxPromptTokens": 64,
             "head": {"type": "logistic", "scale": 1.0, "bias": 0.0}}""";

    @Test
    void parsesAndRoundTrips() throws Exception {
        EvaluatorConfig c = EvaluatorConfig.parse(VALID);
        assertThat(c.kind()).isEqualTo(EvaluatorKind.CROSS);
        assertThat(c.guard()).isEqualTo(DegenerateGuard.standard());
        assertThat(EvaluatorConfig.parse(c.toJson())).isEqualTo(c);
    }

    @Test
    void canonicalTextIgnoresFormattingAndNameButNotParameters() throws Exception {
        EvaluatorConfig a = EvaluatorConfig.parse(VALID);
        EvaluatorConfig reformatted = EvaluatorConfig.parse(VALID.replace(" ", "").replace("\"x\"", "\"other name\"").replace("1.0", "1"));
        assertThat(reformatted.canonicalLines()).isEqualTo(a.canonicalLines());
        EvaluatorConfig otherBias = EvaluatorConfig.parse(VALID.replace("\"bias\": 0.0", "\"bias\": 0.001"));
        assertThat(otherBias.canonicalLines()).isNotEqualTo(a.canonicalLines());
        assertThat(a.canonicalLines()).contains("head logistic scale=3ff0000000000000 bias=0000000000000000\n");
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> EvaluatorConfig.parse("{\"format\": 1, \"kind\": ")).isInstanceOf(InvalidEvaluatorException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EvaluatorConfig.parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("\"format\": 1", "\"format\": 2"))).hasMessageContaining("format 2");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("\"cross\"", "\"poly\""))).hasMessageContaining("kind");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("\"maxLength\": 128,", ""))).hasMessageContaining("missing \"maxLength\"");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("128", "\"128\""))).hasMessageContaining("\"maxLength\" must be an integer");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("128", "1024"))).hasMessageContaining("maxLength must be in");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("\"maxPromptTokens\": 64", "\"maxPromptTokens\": 200")))
                .hasMessageContaining("maxPromptTokens");
        assertThatThrownBy(() -> EvaluatorConfig.parse(VALID.replace("\"scale\": 1.0", "\"scale\": -1")))
                .isInstanceOf(InvalidEvaluatorException.class).hasMessageContaining("scale");
    }
}
