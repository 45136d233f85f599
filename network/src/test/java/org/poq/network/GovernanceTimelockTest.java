package org.poq.network;

import org.poq.network.chain.TransactionRevertedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqTimelock;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * v1: one deployer key held every admin and governor role with no delay, so whoever held it (or stole
 * it) changed the rules at once, before anyone could leave. v2: `poq deploy` hands both roles on both
 * contracts to an OpenZeppelin TimelockController and renounces the key's own: the key alone can change
 * nothing, and a change it schedules runs only after the delay, in public. Fails on v1, passes on v2.
 */
class GovernanceTimelockTest {

    @Test
    void theDeployerKeyAloneCannotChangeTheRulesAndAScheduledChangeWaitsForTheDelay() throws Exception {
        try (AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral());
             ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            Credentials key = LocalAccounts.account(0);
            NetworkDescriptor d = new Deployer(chain, key).deploy("timelocked", ProtocolParams.defaults(),
                    List.of(new Deployer.EvaluatorEntry(Sha256.of("e".getBytes()), "e")), Deployer.DEFAULT_SUPPLY,
                    Duration.ofSeconds(60));
            String timelock = d.contracts().timelock();
            var tx = chain.transactionManager(key);
            TaskMarket market = TaskMarket.load(d.contracts().market(), chain.web3j(), tx, ChainClient.GAS);
            NodeRegistry registry = NodeRegistry.load(d.contracts().registry(), chain.web3j(), tx, ChainClient.GAS);
            byte[] admin = market.DEFAULT_ADMIN_ROLE().send();
            byte[] governor = market.GOVERNOR_ROLE().send();
            for (String role : List.of("admin", "governor")) {
                byte[] r = role.equals("admin") ? admin : governor;
                assertThat(market.hasRole(r, key.getAddress()).send()).as("key holds market %s", role).isFalse();
                assertThat(registry.hasRole(r, key.getAddress()).send()).as("key holds registry %s", role).isFalse();
                assertThat(market.hasRole(r, timelock).send()).isTrue();
                assertThat(registry.hasRole(r, timelock).send()).isTrue();
            }

            ProtocolParams raised = d.params().withMinFeePerParticipant(TokenAmount.ofTokens(1));
            assertThatThrownBy(() -> market.setParams(raised.toMarketParams()).send())
                    .as("the key alone").isInstanceOf(TransactionRevertedException.class);
            assertThat(market.paramsVersion().send()).isEqualTo(BigInteger.ONE);

            PoqTimelock t = PoqTimelock.load(timelock, chain.web3j(), tx, ChainClient.GAS);
            byte[] call = Numeric.hexStringToByteArray(market.setParams(raised.toMarketParams()).encodeFunctionCall());
            byte[] none = new byte[32];
            byte[] salt = Commitments.newSalt();
            t.schedule(market.getContractAddress(), BigInteger.ZERO, call, none, salt, BigInteger.valueOf(60)).send();
            assertThatThrownBy(() -> t.execute(market.getContractAddress(), BigInteger.ZERO, call, none, salt, BigInteger.ZERO).send())
                    .as("before the delay").isInstanceOf(TransactionRevertedException.class);
            chain.rpc("evm_increaseTime", BigInteger.valueOf(61));
            chain.rpc("evm_mine");
            t.execute(market.getContractAddress(), BigInteger.ZERO, call, none, salt, BigInteger.ZERO).send();
            assertThat(market.paramsVersion().send()).as("the change ran after the delay").isEqualTo(BigInteger.TWO);
        }
    }
}
