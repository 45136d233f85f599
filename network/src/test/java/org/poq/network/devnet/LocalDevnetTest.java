package org.poq.network.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;

class LocalDevnetTest {
    @TempDir
    Path dir;
    LocalDevnet devnet;

    @AfterEach
    void stop() {
        if (devnet != null) {
            devnet.stop();
        }
    }

    @Test
    void startsDeploysFundsAndKeepsBalancesAcrossARestart() {
        Sha256 evaluator = Sha256.of("devnet evaluator".getBytes());
        devnet = new LocalDevnet(dir, List.of(new Deployer.EvaluatorEntry(evaluator, "default")), ProtocolParams.devnet());
        assertThat(devnet.status().running()).isFalse();

        NetworkDescriptor first = devnet.start();
        DevnetStatus status = devnet.status();
        assertThat(status.running()).isTrue();
        assertThat(status.describe()).contains(first.contracts().market()).contains("running");
        assertThat(devnet.start().contracts()).as("start is idempotent").isEqualTo(first.contracts());

        String alice = LocalAccounts.account(1).getAddress();
        String bob = LocalAccounts.account(2).getAddress();
        try (PoqNetwork net = PoqNetwork.connect(first)) {
            assertThat(net.poqBalance(alice)).isEqualTo(LocalDevnet.FUNDING);
            assertThat(net.isKnownEvaluator(evaluator.bytes())).isTrue();
            net.session(LocalAccounts.account(1)).transferPoq(bob, TokenAmount.ofTokens(5));
        }
        assertThat(devnet.stop()).isTrue();
        assertThat(devnet.status().running()).isFalse();

        NetworkDescriptor again = devnet.start();
        assertThat(again.contracts()).as("no redeploy: the chain came back from its state file").isEqualTo(first.contracts());
        try (PoqNetwork net = PoqNetwork.connect(again)) {
            assertThat(net.poqBalance(bob)).isEqualTo(LocalDevnet.FUNDING.plus(TokenAmount.ofTokens(5)));
        }
    }

    @Test
    void aLaterEvaluatorIsAddedToTheRunningDevnet() {
        devnet = new LocalDevnet(dir, List.of(), ProtocolParams.devnet());
        devnet.start();
        Sha256 later = Sha256.of("later".getBytes());
        LocalDevnet withEvaluator = new LocalDevnet(dir, List.of(new Deployer.EvaluatorEntry(later, "later")), ProtocolParams.devnet());
        NetworkDescriptor d = withEvaluator.start();
        assertThat(d.evaluators()).contains(later.hex());
        try (PoqNetwork net = PoqNetwork.connect(d)) {
            assertThat(net.isKnownEvaluator(later.bytes())).isTrue();
        }
    }

    @Test
    void localAccountsMatchEveryOtherEthereumTool() {
        assertThat(LocalAccounts.account(0).getAddress()).isEqualToIgnoringCase("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(LocalAccounts.account(1).getAddress()).isEqualToIgnoringCase("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    }
}
