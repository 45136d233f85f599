package org.poq.network.sim;

import java.util.ArrayList;
import java.util.List;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;

/**
 * A fresh anvil node for one simulation. Each configuration gets its own deployment of the contracts,
 * so trust and stake earned in one configuration do not carry into the next; the test accounts are
 * reused, since a new token contract starts every balance from zero.
 */
final class SimChain implements AutoCloseable {
    static final String FAMILY = "sim-model";
    static final Sha256 EVALUATOR = Sha256.of("poq simulated evaluator".getBytes());
    static final Sha256 MODEL = Sha256.of("poq simulated model".getBytes());
    /** Large against the fee, so repeated slashes never push a node below the minimum stake within a run. */
    static final TokenAmount STAKE = TokenAmount.ofTokens(10_000);
    private static final int ACCOUNTS = 40;
    private static final int FIRST_NODE = 2;

    private final AnvilProcess anvil;
    private final ProtocolParams params;
    private int deployments;

    SimChain(ProtocolParams params) {
        this.params = params;
        this.anvil = AnvilProcess.start(new AnvilOptions(0, 31337, null, null, ACCOUNTS, null));
    }

    /** Deploys the contracts and registers one node per strategy, in lineup order. */
    Deployment deploy(List<MinerStrategy> miners, List<ValidatorStrategy> validators) {
        if (FIRST_NODE + miners.size() + validators.size() >= ACCOUNTS) {
            throw new IllegalArgumentException("too many nodes for the simulation's " + ACCOUNTS + " accounts");
        }
        String treasury = LocalAccounts.account(ACCOUNTS - 1).getAddress();
        NetworkDescriptor d;
        try (ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            d = new Deployer(chain, LocalAccounts.account(0)).deploy("sim-" + (++deployments), params,
                    List.of(new Deployer.EvaluatorEntry(EVALUATOR, "simulated evaluator")), Deployer.DEFAULT_SUPPLY, treasury);
        }
        PoqNetwork network = PoqNetwork.connect(d);
        PoqSession governor = network.session(LocalAccounts.account(0));
        PoqSession requester = network.session(LocalAccounts.account(1));
        governor.transferPoq(requester.address(), TokenAmount.ofTokens(10_000_000));
        int next = FIRST_NODE;
        List<PoqSession> minerSessions = new ArrayList<>();
        for (int i = 0; i < miners.size(); i++) {
            PoqSession s = network.session(LocalAccounts.account(next++));
            governor.transferPoq(s.address(), STAKE);
            s.registerMiner(FAMILY, MODEL, STAKE);
            minerSessions.add(s);
        }
        List<PoqSession> validatorSessions = new ArrayList<>();
        for (int i = 0; i < validators.size(); i++) {
            PoqSession s = network.session(LocalAccounts.account(next++));
            governor.transferPoq(s.address(), STAKE);
            s.registerValidator(EVALUATOR, STAKE);
            validatorSessions.add(s);
        }
        return new Deployment(network, requester, minerSessions, miners, validatorSessions, validators);
    }

    /** Moves the chain's clock forward and mines a block, as waiting out a deadline would. */
    static void passTime(PoqNetwork network, long seconds) {
        network.chain().rpc("evm_increaseTime", java.math.BigInteger.valueOf(seconds));
        network.chain().rpc("evm_mine");
    }

    @Override
    public void close() {
        anvil.close();
    }
}
