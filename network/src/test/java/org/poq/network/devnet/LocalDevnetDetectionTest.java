package org.poq.network.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.network.NetworkDescriptor;
import org.poq.network.ProtocolParams;

/** Chain id 31337 alone is not the local devnet: Hardhat's node uses it too, where the faucet's key holds nothing. */
class LocalDevnetDetectionTest {
    private static NetworkDescriptor d(String name, long chainId, String url) {
        return new NetworkDescriptor(name, chainId, List.of(url), new NetworkDescriptor.Contracts("0x1", "0x2", "0x3"), 0,
                List.of(), ProtocolParams.defaults());
    }

    @Test
    void onlyTheDevnetsOwnDescriptorOnThisComputerIsTheLocalDevnet() {
        assertThat(LocalDevnet.isLocal(d(LocalDevnet.NAME, 31337, "http://127.0.0.1:8545"))).isTrue();
        assertThat(LocalDevnet.isLocal(d(LocalDevnet.NAME, 31337, "http://localhost:8545"))).isTrue();
        assertThat(LocalDevnet.isLocal(d("poq network", 31337, "http://127.0.0.1:8545"))).as("a Hardhat node deployed to").isFalse();
        assertThat(LocalDevnet.isLocal(d(LocalDevnet.NAME, 31337, "http://10.0.0.7:8545"))).as("another computer").isFalse();
        assertThat(LocalDevnet.isLocal(d(LocalDevnet.NAME, 1337, "http://127.0.0.1:8545"))).as("Ganache's chain id").isFalse();
    }
}
