package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.network.events.AnswerTokens;
import org.poq.network.events.Audit;
import org.poq.network.NodeRole;

/** The reveal's token varints, an audit's uint16 and the journal's column for both, round trip and refusals. */
class AuditEncodingTest {
    @Test
    void tokensRoundTripAsVarintsAtTwoBytesForAVocabularyUnder16384() {
        int[] tokens = {0, 1, 127, 128, 16_383, 16_384, 151_935, Integer.MAX_VALUE};
        assertThat(AnswerTokens.decode(AnswerTokens.encode(tokens))).containsExactly(tokens);
        assertThat(AnswerTokens.encode(new int[] {300, 16_000})).hasSize(4);
    }

    @Test
    void aTokenListCutInsideATokenIsRefusedInPlainWords() {
        byte[] cut = {(byte) 0x80};
        assertThatThrownBy(() -> AnswerTokens.decode(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut inside a token");
        assertThatThrownBy(() -> AnswerTokens.encode(new int[] {-1})).hasMessageContaining("whole number from 0");
    }

    @Test
    void anAuditIsVerdictAndMismatchesInOneWordAndCode3ReadsAsAbstain() {
        Audit fail = new Audit(Audit.Verdict.FAIL, 14);
        assertThat(fail.encode()).isEqualTo(2 | 14 << 2);
        assertThat(Audit.decode(fail.encode())).isEqualTo(fail);
        assertThat(Audit.decode(3).verdict()).isEqualTo(Audit.Verdict.ABSTAIN);
        assertThat(new Audit(Audit.Verdict.PASS, 1 << 20).encode() >>> 2).isEqualTo(Audit.MAX_MISMATCHES);
    }

    @Test
    void theJournalKeepsAuditsAndTokensAndReadsOlderColumnsAsBefore() {
        Payload.Scores scores = new Payload.Scores(List.of(9000, 100), List.of(1, 2 | 7 << 2));
        assertThat(PayloadCodec.decode(NodeRole.VALIDATOR, PayloadCodec.encode(scores))).isEqualTo(scores);
        assertThat(PayloadCodec.decode(NodeRole.VALIDATOR, "9000,100")).isEqualTo(new Payload.Scores(List.of(9000, 100)));
        Payload.Answer answer = new Payload.Answer("Paris|, \u0001 yes", List.of(12, 845, 9));
        assertThat(PayloadCodec.decode(NodeRole.MINER, PayloadCodec.encode(answer))).isEqualTo(answer);
        assertThat(PayloadCodec.decode(NodeRole.MINER, "an older answer")).isEqualTo(new Payload.Answer("an older answer"));
        Payload.Answer marked = new Payload.Answer("\u0001 starts with the mark");
        assertThat(PayloadCodec.decode(NodeRole.MINER, PayloadCodec.encode(marked))).isEqualTo(marked);
    }
}
