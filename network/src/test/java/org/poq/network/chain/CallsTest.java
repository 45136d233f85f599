package org.poq.network.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** A node's malformed answer must reach the user as words, not as the text of a Java exception. */
class CallsTest {
    @Test
    void anAnswerWithAMissingFieldIsDescribedInPlainWords() {
        Throwable e = catchThrowable(() -> Calls.run("read the chain's time", () -> {
            Object block = null; // what web3j gives for a block the node does not have
            return block.hashCode();
        }));
        assertThat(e.getMessage()).isEqualTo(
                "read the chain's time failed: the node's answer was incomplete or not what an Ethereum node sends");
        assertThat(e.getMessage()).doesNotContain("null", "Cannot invoke", "Exception");
    }

    @Test
    void aMessageThatIsAlreadyWordsIsKept() {
        Throwable e = catchThrowable(() -> Calls.run("read the fee", () -> {
            throw new IllegalStateException("the fee is not set on this network");
        }));
        assertThat(e.getMessage()).isEqualTo("read the fee failed: the fee is not set on this network");
    }
}
