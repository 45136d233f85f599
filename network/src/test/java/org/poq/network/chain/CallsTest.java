package org.poq.network.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.gas.DefaultGasProvider;

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

    /**
     * Fault seen in CI (ReorgTest): right after anvil_reorg a node read a task at a block the reorg had
     * removed; anvil answered "BlockOutOfRangeError", web3j reported it as a reverted call, and the node
     * recorded its work as failed for good. A missing block is a lagging or reorganising node, which
     * callers retry; a real revert stays a revert.
     */
    @Test
    void aReadAtABlockTheNodeDoesNotHaveIsUnreachableNotReverted() throws Exception {
        try (ProtocolFixture f = ProtocolFixture.start(0, 0)) {
            String marketAddress = f.network().descriptor().contracts().market();
            TaskMarket market = TaskMarket.load(marketAddress, f.chain().web3j(),
                    ProtocolFixture.credentialsOf(f.bystander()), new DefaultGasProvider());
            long head = f.chain().web3j().ethBlockNumber().send().getBlockNumber().longValue();
            market.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(head + 5)));

            Throwable ahead = catchThrowable(() -> Calls.run("read task #1", () -> market.getTask(BigInteger.ONE).send()));
            assertThat(ahead).isInstanceOf(NodeUnreachableException.class);
            assertThat(ahead.getMessage()).isEqualTo("read task #1 failed: the node does not have the block it was "
                    + "asked about yet (it lags, or the chain just reorganised)");

            // the same read at a block the node has answers
            market.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(head)));
            assertThat(Calls.run("read task #1", () -> market.getTask(BigInteger.ONE).send())).isNotNull();
        }
    }

    @Test
    void aRealRevertStaysARevert() {
        Throwable e = catchThrowable(() -> Calls.run("reveal the answer to #1", () -> {
            throw new org.web3j.tx.exceptions.ContractCallException(
                    "Contract Call has been reverted by the EVM with the reason: 'Market: not in the answer-reveal phase'.");
        }));
        assertThat(e).isInstanceOf(TransactionRevertedException.class);
        assertThat(e.getMessage()).startsWith("reveal the answer to #1 was rejected: ")
                .contains("Market: not in the answer-reveal phase");
    }
}
