package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.RawTx;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The VRF plug-in of decision 0003: a market deployed with an IRandomnessSource waits for a task's
 * randomness to be delivered (as a VRF coordinator's callback would) and draws from it, not from a
 * block hash; until then the task cannot be drawn. Protocol v3 has no queue: each task is drawn on its own,
 * so a task whose randomness is late holds up no other.
 */
class VrfRandomnessSourceTest {

    @Test
    void theMarketWaitsForThePluggedRandomnessAndDrawsFromIt() throws Exception {
        try (ProtocolFixture f = ProtocolFixture.start(3, 3, ProtocolParams.defaults().withWindows(60, 60), List.of(),
                "CallbackRandomness")) {
            String source = org.poq.network.chain.Calls.run("read the randomness source", () ->
                    org.poq.network.contracts.TaskMarket.load(f.network().descriptor().contracts().market(), f.chain().web3j(),
                            new org.web3j.tx.ReadonlyTransactionManager(f.chain().web3j(), f.requester().address()),
                            org.poq.network.chain.ChainClient.GAS).randomnessSource().send());
            TaskId first = f.requester().submitTaskUndrawn(f.request(3, 3, TokenAmount.ofTokens(10)));
            TaskId second = f.requester().submitTaskUndrawn(f.request(3, 3, TokenAmount.ofTokens(10)));
            f.mine(3);
            assertThatThrownBy(() -> f.requester().draw(first)).hasMessageContaining("no value for this task yet");
            assertThat(f.network().task(first).isDrawn()).as("no randomness delivered yet").isFalse();

            RawTx raw = new RawTx(f.chain());
            byte[] value = Hash.sha3("delivered by the coordinator".getBytes());
            var governor = ProtocolFixture.credentialsOf(f.governor().address());
            raw.call(governor, source, "fulfil", List.of(new Uint256(second.value()), new Bytes32(value)));
            f.requester().draw(second);
            assertThat(f.network().task(second).isDrawn()).as("no queue: the second does not wait for the first").isTrue();
            assertThat(f.network().task(first).isDrawn()).isFalse();

            raw.call(governor, source, "fulfil", List.of(new Uint256(first.value()), new Bytes32(value)));
            f.requester().draw(first);
            TaskState t = f.network().task(first);
            assertThat(t.isDrawn()).isTrue();
            assertThat(f.network().task(second).isDrawn()).isTrue();
            String encoded = new DefaultFunctionEncoder().encodeParameters(List.of(new Uint256(first.value()), new Bytes32(value),
                    new Address(f.network().descriptor().contracts().market()), new Uint256(BigInteger.valueOf(f.chain().chainId()))));
            assertThat(t.seed()).as("the seed comes from the delivered randomness")
                    .isEqualTo(Hash.sha3(Numeric.hexStringToByteArray(encoded)));
            assertThat(t.miners()).hasSize(3);
        }
    }
}
