package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;

/** The verdict rule without a model: what passes, what fails, and the text-against-tokens check. */
class AuditPolicyTest {
    private static final AuditRequest REQUEST = new AuditRequest(List.of(PromptPart.template("q")), "hello world",
            new int[] {1, 2, 3}, SamplingSettings.taskDefaults(SamplingSeed.ofLong(1)), List.of("<|im_end|>"), 1000);

    private static WorkerMessage.Audited replay(int positions, int[] at, double[] margins, String spelled) {
        return new WorkerMessage.Audited("a1", 5, positions, new int[positions], at, new int[at.length], margins, spelled,
                false, 1, 2);
    }

    @Test
    void driftWithinTheMarginPassesAndOneFarMismatchFails() {
        assertThat(AuditPolicy.judge(REQUEST, replay(16, new int[] {4}, new double[] {2e-4}, "hello world")).verdict())
                .isEqualTo(AuditResult.Verdict.PASS);
        AuditResult far = AuditPolicy.judge(REQUEST, replay(16, new int[] {4}, new double[] {0.2}, "hello world"));
        assertThat(far.verdict()).isEqualTo(AuditResult.Verdict.FAIL);
        assertThat(far.describe()).contains("1 mismatch (0 within floating-point drift of the draw, at most 1 allowed; "
                + "1 beyond it, none allowed)");
    }

    @Test
    void tooManyDriftMismatchesFailEvenWithinTheMargin() {
        assertThat(AuditPolicy.allowedMismatches(16)).isEqualTo(1);
        assertThat(AuditPolicy.allowedMismatches(64)).isEqualTo(3);
        assertThat(AuditPolicy.judge(REQUEST, replay(16, new int[] {1, 9}, new double[] {1e-5, 1e-5}, "hello world"))
                .verdict()).isEqualTo(AuditResult.Verdict.FAIL);
    }

    @Test
    void missingMarginsExcuseNothing() {
        assertThat(AuditPolicy.judge(REQUEST, replay(16, new int[] {4}, null, "hello world")).verdict())
                .isEqualTo(AuditResult.Verdict.FAIL);
    }

    @Test
    void theTextIsComparedAsTheEngineCutsIt() {
        assertThat(AuditPolicy.textMatches("hello world", "  hello world<|im_end|> trailing", List.of("<|im_end|>"), 100))
                .isTrue();
        assertThat(AuditPolicy.textMatches("hello", "hello world", List.of(), 100)).isFalse();
        assertThat(AuditPolicy.textMatches("héllo", "héllo world", List.of(), 6)).isTrue(); // é is 2 bytes
        assertThat(AuditPolicy.textMatches("hé", "héllo", List.of(), 2)).isFalse(); // not inside a character
        assertThat(AuditPolicy.textMatches("h", "héllo", List.of(), 2)).isTrue();
    }
}
