package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bad numbers on the command line get one plain line with the valid range and exit 2, before any
 * chain is reached: no "Bit size must be 8 bit aligned" (what web3j said when -k -1 reached the ABI
 * encoder), no "is not an int", no usage dump, no "null".
 */
class BadInputTest {
    private static void plainWithRange(CliRun run, String... expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains(expected).doesNotContain("Bit size").doesNotContain("null")
                .doesNotContain("Exception").doesNotContain("is not an int").doesNotContain("Usage:");
    }

    @Test
    void askRefusesMinersOutsideOneToEight() {
        plainWithRange(CliRun.of("ask", "-k", "-1", "hi"), "Ask between 1 and 8 miners.");
        plainWithRange(CliRun.of("ask", "-k", "0", "hi"), "Ask between 1 and 8 miners.");
        plainWithRange(CliRun.of("ask", "-k", "9", "hi"), "Ask between 1 and 8 miners.");
        plainWithRange(CliRun.of("ask", "-k", "many", "hi"), "'many' is not a whole number", "1..8");
        plainWithRange(CliRun.of("ask", "-k", "99999999999", "hi"), "is not a whole number", "1..8");
    }

    @Test
    void askRefusesValidatorsTokensAndFeeOutsideTheirRange() {
        plainWithRange(CliRun.of("ask", "-m", "-1", "hi"), "Ask an odd number of validators from 3 to 15");
        plainWithRange(CliRun.of("ask", "-m", "2", "hi"), "Ask an odd number of validators from 3 to 15");
        plainWithRange(CliRun.of("ask", "-m", "4", "hi"), "Ask an odd number of validators from 3 to 15");
        plainWithRange(CliRun.of("ask", "--max-tokens", "0", "hi"), "Max tokens must be at least 1");
        plainWithRange(CliRun.of("ask", "--max-tokens", "x", "hi"), "is not a whole number", "1 up to the network's limit");
        plainWithRange(CliRun.of("ask", "--fee", "-3", "hi"), "--fee", "must not be negative", "above zero");
        plainWithRange(CliRun.of("ask", "--fee", "0", "hi"), "The fee must be more than zero.");
        plainWithRange(CliRun.of("ask", "--fee", "ten", "hi"), "--fee", "not a number");
    }

    /**
     * `poq serve` shares ask's round options (RoundOptions): a fee that is no number once reached the
     * user as TokenAmount's bare words; it now says which option and what it takes, as ask does.
     */
    @Test
    void serveWordsABadRoundOptionAsAskDoes() {
        plainWithRange(CliRun.of("serve", "--fee", "ten"), "--fee", "not a number", "a POQ amount above zero");
        plainWithRange(CliRun.of("serve", "-k", "many"), "'many' is not a whole number", "1..8");
    }

    @Test
    void nodeSettingsOutsideTheirRangeSaySo() {
        plainWithRange(CliRun.of("node", "--threads", "two", "--validator", "default"), "is not a whole number", "1 to 512");
        plainWithRange(CliRun.of("node", "--gpu-layers", "all", "--validator", "default"), "is not a whole number",
                "-1 all", "up to 1000");
        // the same checks and words as the Miner screen's fields (EngineSettings), before any chain is reached
        plainWithRange(CliRun.of("node", "--gpu-layers", "-5", "--validator", "default"),
                "GPU layers must be -1 (all), 0 (CPU only) or a whole number up to 1000.");
        plainWithRange(CliRun.of("node", "--context", "0", "--validator", "default"),
                "The context must be a whole number of tokens from 64 to 1048576.");
        plainWithRange(CliRun.of("node", "--threads", "0", "--validator", "default"), "Threads must be a whole number from 1 to 512.");
        plainWithRange(CliRun.of("node", "--hang-timeout", "1", "--validator", "default"),
                "The hang timeout must be a whole number of seconds from 5 to 3600.");
        plainWithRange(CliRun.of("node", "--chat-format", "vicuna", "--validator", "default"),
                "unknown chat format 'vicuna'", "llama3", "chatml");
        // the audit model is checked with the settings, before any chain is reached (the window says it before Start does anything)
        plainWithRange(CliRun.of("node", "--validator", "default", "--audit-model", "no-such-model.gguf"),
                "no such audit model file: no-such-model.gguf", "give the GGUF of the family the tasks name");
    }
}
