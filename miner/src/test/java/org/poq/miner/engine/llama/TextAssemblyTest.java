package org.poq.miner.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token pieces into text: UTF-8 split across tokens, stop strings split across tokens, the byte limit. */
class TextAssemblyTest {
    @Test
    void aCharacterSplitAcrossTokensWaitsForItsLastByte() {
        byte[] emoji = "🙂".getBytes(StandardCharsets.UTF_8); // 4 bytes, as byte-level BPE may split it
        Utf8Buffer b = new Utf8Buffer();
        assertThat(b.add(new byte[] {'a', emoji[0]}, 2)).isEqualTo("a");
        assertThat(b.add(new byte[] {emoji[1], emoji[2]}, 2)).isEmpty();
        assertThat(b.add(new byte[] {emoji[3], 'b'}, 2)).isEqualTo("🙂b");
        assertThat(b.flush()).isEmpty();
    }

    @Test
    void aStopStringSplitAcrossPiecesIsHeldBackAndCut() {
        StopMatcher m = new StopMatcher(List.of("<|eot_id|>"), Integer.MAX_VALUE);
        assertThat(m.add("The answer<|e")).isEqualTo("The answer");
        assertThat(m.add("ot_id|>more")).isEmpty();
        assertThat(m.stopped()).isTrue();
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void heldTextThatIsNotAStopStringComesOutAtTheEnd() {
        StopMatcher m = new StopMatcher(List.of("</s>"), Integer.MAX_VALUE);
        assertThat(m.add("a </")).isEqualTo("a ");
        assertThat(m.flush()).isEqualTo("</");
    }

    @Test
    void theByteLimitCutsOnACharacterBoundary() {
        StopMatcher m = new StopMatcher(List.of(), 5);
        assertThat(m.add("ab")).isEqualTo("ab");
        assertThat(m.add("cé✓")).isEqualTo("cé"); // 1 + 2 bytes fit, the 3-byte check mark does not
        assertThat(m.stopped()).isTrue();
        assertThat(m.byteLimited()).isTrue();
    }
}
