package org.poq.miner.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sampler's definition, step by step, without a model. */
class VerifiableSamplerTest {
    private static final SamplingSeed SEED = SamplingSeed.ofLong(42);

    private static VerifiableSampler sampler(float t, int k, float p) {
        return new VerifiableSampler(new SamplingSettings(t, k, p, SEED));
    }

    /**
     * Pinned against a second implementation of the definition (Python's hashlib and math.exp, written
     * from the class comment alone), so a change to any step shows here.
     */
    @Test
    void theDrawIsPinnedAgainstAnIndependentImplementation() {
        VerifiableSampler s = sampler(0.8f, 5, 0.9f);
        assertThat(s.uniform(0)).isEqualTo(0.5259679445530434);
        assertThat(s.uniform(1)).isEqualTo(0.2562823143589765);
        float[] logits = {1.5f, 0.25f, -0.5f, 2.0f, 1.0f, 0.0f, -1.25f, 0.75f};
        int[] expected = {0, 3, 0, 3, 3, 0, 4, 3, 3, 0, 3, 4, 3, 7, 3, 3, 0, 4, 3, 3, 3, 3, 3, 3};
        for (int pos = 0; pos < expected.length; pos++) {
            assertThat(s.pick(logits, logits.length, pos)).as("position " + pos).isEqualTo(expected[pos]);
        }
    }

    @Test
    void greedyTakesTheHighestLogitAndTheLowerIdOnATie() {
        VerifiableSampler s = sampler(0f, 0, 1f);
        assertThat(s.pick(new float[] {0.1f, 3f, 3f, -1f}, 4, 0)).isEqualTo(1);
        assertThat(s.pick(new float[] {Float.NaN, -5f}, 2, 0)).isEqualTo(1);
    }

    @Test
    void drawsFollowTheSoftmaxOfTheLogitsOverPositions() {
        float[] logits = {2f, 1f, 0f, -1f};
        double z = Math.exp(2) + Math.exp(1) + 1 + Math.exp(-1);
        int[] counts = new int[4];
        VerifiableSampler s = sampler(1f, 0, 1f);
        int n = 40_000;
        for (int pos = 0; pos < n; pos++) {
            counts[s.pick(logits, 4, pos)]++;
        }
        assertThat(counts[0] / (double) n).isCloseTo(Math.exp(2) / z, within(0.01));
        assertThat(counts[3] / (double) n).isCloseTo(Math.exp(-1) / z, within(0.01));
    }

    @Test
    void topKAndTopPCutTheCandidates() {
        float[] logits = {5f, 4f, 0f, 3f, -2f, 1f};
        Set<Integer> topTwo = new HashSet<>();
        VerifiableSampler k2 = sampler(2f, 2, 1f);
        for (int pos = 0; pos < 2000; pos++) {
            topTwo.add(k2.pick(logits, 6, pos));
        }
        assertThat(topTwo).containsExactlyInAnyOrder(0, 1);
        // probabilities about 0.67, 0.24, 0.09: p = 0.5 keeps only the first
        VerifiableSampler p = sampler(1f, 0, 0.5f);
        for (int pos = 0; pos < 500; pos++) {
            assertThat(p.pick(logits, 6, pos)).isZero();
        }
    }

    @Test
    void theWholeVocabularyPathAndTheTopKPathAgree() {
        float[] logits = new float[300];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian() * 2;
        }
        logits[17] = logits[18]; // a tie
        VerifiableSampler all = sampler(0.8f, 0, 0.95f);
        VerifiableSampler k300 = sampler(0.8f, 300, 0.95f);
        for (int pos = 0; pos < 500; pos++) {
            assertThat(all.pick(logits, 300, pos)).isEqualTo(k300.pick(logits, 300, pos));
        }
    }

    @Test
    void theMarginIsZeroForTheDrawSmallNextToItAndInfiniteFarOutside() {
        VerifiableSampler s = sampler(1f, 3, 1f);
        float[] logits = {2f, 1f, 0f, -5f, -6f};
        for (int pos = 0; pos < 200; pos++) {
            int drawn = s.pick(logits, 5, pos);
            assertThat(s.margin(logits, 5, pos, drawn)).isZero();
            for (int other = 0; other < 3; other++) {
                if (other != drawn) {
                    assertThat(s.margin(logits, 5, pos, other)).isGreaterThan(0).isLessThanOrEqualTo(1);
                }
            }
            assertThat(s.margin(logits, 5, pos, 3)).as("just outside the top-k, far below the last").isGreaterThan(0.99);
            assertThat(s.margin(logits, 5, pos, 4)).isInfinite();
        }
    }

    /** What drift does at the top-k edge: two nearly equal logits, one just in, one just out. */
    @Test
    void aNearTieAtTheTopKEdgeIsWithinTheDriftMargin() {
        VerifiableSampler s = sampler(1f, 3, 1f);
        float[] logits = {2f, 1f, 0.5f, 0.5f - 1e-6f, -3f};
        int checked = 0;
        for (int pos = 0; pos < 400; pos++) {
            if (s.pick(logits, 5, pos) == 2) {
                assertThat(s.margin(logits, 5, pos, 3)).isLessThan(1e-5);
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void settingsOutsideTheirRangesAreRefusedInWords() {
        assertThatThrownBy(() -> SamplingSettings.forTask(0f, 40, 0.9f, SEED))
                .hasMessage("a task's temperature must be from 0.05 to 2.0, not 0.0");
        assertThatThrownBy(() -> SamplingSettings.forTask(0.8f, 0, 0.9f, SEED))
                .hasMessage("a task's top-k must be from 1 to 1000, not 0");
        assertThatThrownBy(() -> SamplingSettings.forTask(0.8f, 40, 1.5f, SEED))
                .hasMessage("top-p must be above 0 and at most 1, not 1.5");
        assertThatThrownBy(() -> new SamplingSettings(-1f, 40, 0.9f, SEED))
                .hasMessage("the temperature must be 0 (greedy) or above, not -1.0");
    }

    @Test
    void seedsParseFromHexOrDecimalAndSayWhatTheyTakeOtherwise() {
        assertThat(SamplingSeed.parse("42")).isEqualTo(SEED);
        assertThat(SamplingSeed.parse("0x" + SEED.hex())).isEqualTo(SEED);
        assertThat(SamplingSeed.parse(SEED.hex().toUpperCase())).isEqualTo(SEED);
        assertThatThrownBy(() -> SamplingSeed.parse("-1"))
                .hasMessage("the seed '-1' is neither 64 hex digits nor a whole number from 0 to 9223372036854775807");
        assertThatThrownBy(() -> SamplingSeed.parse("0xabc")).hasMessageContaining("neither 64 hex digits");
        assertThatThrownBy(() -> SamplingSeed.parse("99999999999999999999")).hasMessageContaining("neither 64 hex digits");
    }

    @Test
    void eachMinerGetsItsOwnSeedForATask() {
        byte[] r = SamplingSeed.ofLong(7).bytes();
        SamplingSeed a = SamplingSeed.forMiner(r, "0x1111111111111111111111111111111111111111");
        SamplingSeed b = SamplingSeed.forMiner(r, "0x2222222222222222222222222222222222222222");
        assertThat(a).isNotEqualTo(b);
        assertThat(SamplingSeed.forMiner(r, "0x1111111111111111111111111111111111111111")).isEqualTo(a);
        assertThat(SamplingSeed.forMiner(SamplingSeed.ofLong(8).bytes(), "0x1111111111111111111111111111111111111111"))
                .isNotEqualTo(a);
        assertThatThrownBy(() -> SamplingSeed.forMiner(r, "0x12"))
                .hasMessage("'0x12' is not an address (0x and 40 hex digits)");
    }
}
