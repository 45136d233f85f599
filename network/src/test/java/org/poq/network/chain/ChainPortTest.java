package org.poq.network.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.network.chain.ChainPort.At;
import org.poq.network.contracts.PoqToken;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The wallet's one way to the chain (issue 24): what it reads is what the chain holds at the block
 * asked for, a contract's refusal arrives decoded, and a silent node is reported in the network's
 * words, saying whether anything was sent.
 */
class ChainPortTest {
    @Test
    void balancesPinnedToABlockDoNotSeeLaterTransfers() {
        try (ProtocolFixture f = ProtocolFixture.start(0, 0)) {
            ChainPort port = f.network().port();
            String token = f.network().descriptor().contracts().token();
            String bystander = f.bystander();
            BigInteger before = port.tokenBalance(token, bystander, At.latest());
            long block = port.head();
            f.requester().transferPoq(bystander, TokenAmount.ofTokens(7));

            assertThat(port.tokenBalance(token, bystander, At.block(block))).isEqualTo(before);
            assertThat(port.tokenBalance(token, bystander, At.latest()))
                    .isEqualTo(before.add(TokenAmount.ofTokens(7).wei()));
            assertThat(port.logs(token, List.of(EventEncoder.encode(PoqToken.TRANSFER_EVENT)), block + 1, port.head()))
                    .as("the transfer's log, read through the pager").hasSize(1);
        }
    }

    @Test
    void aTransferTheTokenWouldRefuseIsARevertWithItsReasonDecoded() {
        try (ProtocolFixture f = ProtocolFixture.start(0, 0)) {
            ChainPort port = f.network().port();
            String empty = f.bystander();
            String data = FunctionEncoder.encode(new Function("transfer",
                    List.of(new Address(f.requester().address()), new Uint256(TokenAmount.ofTokens(5).wei())), List.of()));
            Throwable e = catchThrowable(() -> port.estimateGas(empty, f.network().descriptor().contracts().token(),
                    BigInteger.ZERO, data));
            assertThat(e).isInstanceOf(TransactionRevertedException.class);
            assertThat(((TransactionRevertedException) e).reason())
                    .contains("ERC20InsufficientBalance").contains("holds 0 POQ but 5 POQ are needed")
                    .doesNotContain("\u0000", "0xe450d38c");
        }
    }

    /** The fee read once had its own words ("... (read the fee): X"); it now ends like every read: nothing was sent. */
    @Test
    void aStoppedNodeIsUnreachableInTheNetworksWordsAndNothingWasSent() {
        AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral());
        try (ChainClient client = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            ChainPort port = ChainPort.over(client);
            assertThat(port.head()).isNotNegative();
            anvil.close();

            Throwable fee = catchThrowable(() -> port.maxPriorityFee(BigInteger.ONE));
            assertThat(fee).isInstanceOf(NodeUnreachableException.class)
                    .hasMessage("the node does not answer (read the fee): connection refused (is the node running?); nothing was sent");

            Throwable send = catchThrowable(() -> port.send("0x02"));
            assertThat(send).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageStartingWith("the node does not answer (connection refused");
            assertThat(((NodeUnreachableException) send).outcomeUnknown()).as("a refused connection sent nothing").isFalse();
        } finally {
            anvil.close();
        }
    }
}
