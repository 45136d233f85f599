package org.poq.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.NodeRegistry;
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
    /** What every simulated miner registers it holds: any prompt the simulation sends fits. */
    static final int CONTEXT_TOKENS = 32_768;
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
        Arena a = arena(params);
        List<PoqSession> minerSessions = new ArrayList<>();
        for (int i = 0; i < miners.size(); i++) minerSessions.add(a.miner(FAMILY));
        List<PoqSession> validatorSessions = new ArrayList<>();
        for (int i = 0; i < validators.size(); i++) validatorSessions.add(a.validator());
        return new Deployment(a.network(), a.requester(), minerSessions, miners, validatorSessions, validators);
    }

    /** A fresh deployment of the contracts with these parameters, with a funded requester and no nodes yet. */
    Arena arena(ProtocolParams with) {
        NetworkDescriptor d;
        try (ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            d = new Deployer(chain, LocalAccounts.account(0)).deploy("sim-" + (++deployments), with,
                    List.of(new Deployer.EvaluatorEntry(EVALUATOR, "simulated evaluator")), Deployer.DEFAULT_SUPPLY);
        }
        return new Arena(PoqNetwork.connect(d));
    }

    /**
     * One deployment: the governor (account 0, which keeps the governor role: no timelock here), the requester
     * (account 1), and nodes registered from the next free accounts, each funded with {@link #STAKE}.
     */
    static final class Arena implements AutoCloseable {
        private final Map<String, PoqSession> sessions = new HashMap<>();
        private final PoqNetwork network;
        /** The governor's own connection, to load the registry as a contract the simulation calls directly. */
        private final ChainClient raw;
        private final PoqSession governor;
        private final PoqSession requester;
        private int next = FIRST_NODE;

        private Arena(PoqNetwork network) {
            this.network = network;
            this.raw = ChainClient.connect(network.descriptor().rpcUrls(), network.descriptor().chainId(), 50);
            this.governor = network.session(LocalAccounts.account(0));
            this.requester = network.session(LocalAccounts.account(1));
            governor.transferPoq(requester.address(), TokenAmount.ofTokens(10_000_000));
        }

        PoqNetwork network() {
            return network;
        }

        PoqSession requester() {
            return requester;
        }

        /** A funded account that is no node (an adversary's requester key). */
        PoqSession account(TokenAmount funds) {
            PoqSession s = network.session(LocalAccounts.account(take()));
            governor.transferPoq(s.address(), funds);
            sessions.put(s.address().toLowerCase(), s);
            return s;
        }

        /** Sends {@code amount} POQ from the governor to {@code node}. */
        void fund(PoqSession node, TokenAmount amount) {
            governor.transferPoq(node.address(), amount);
        }

        PoqSession session(String address) {
            PoqSession s = sessions.get(address.toLowerCase());
            if (s == null) throw new IllegalArgumentException("not a node of this simulation: " + address);
            return s;
        }

        @Override
        public void close() {
            raw.close();
            network.close();
        }

        PoqSession miner(String family) {
            PoqSession s = account(STAKE);
            s.registerMiner(family, MODEL, CONTEXT_TOKENS, STAKE);
            return s;
        }

        PoqSession validator() {
            PoqSession s = account(STAKE);
            s.registerValidator(EVALUATOR, STAKE);
            return s;
        }

        /** The registry as its governor sees it (to set the trust rules of a counterfactual). */
        NodeRegistry governorRegistry() {
            return NodeRegistry.load(network.descriptor().contracts().registry(),
                    raw.web3j(), raw.transactionManager(LocalAccounts.account(0)), ChainClient.GAS);
        }

        private int take() {
            if (next >= ACCOUNTS - 1) {
                throw new IllegalArgumentException("too many nodes for the simulation's " + ACCOUNTS + " accounts");
            }
            return next++;
        }
    }

    @Override
    public void close() {
        anvil.close();
    }
}
