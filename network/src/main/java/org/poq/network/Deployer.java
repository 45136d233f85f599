package org.poq.network;

import org.poq.network.chain.PoqNetworkException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.chain.ChainClient;
import org.poq.network.chain.EstimatingTransactionManager;
import org.poq.network.beacon.DrandChain;
import org.poq.network.contracts.DrandBeacon;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqTimelock;
import org.poq.network.contracts.PoqToken;
import org.poq.network.contracts.TaskMarket;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Deploys the three contracts with a funded key to any JSON-RPC node and returns the descriptor that
 * lets clients join: token (whole supply to the deployer), registry, market; the registry names the
 * market (once, for good); the given evaluators become known.
 */
public final class Deployer {
    public static final TokenAmount DEFAULT_SUPPLY = TokenAmount.ofTokens(1_000_000_000L);
    /** The market draws from the hash of a block after the submit; a VRF adapter's address would go here. */
    public static final String NO_RANDOMNESS_SOURCE = "0x0000000000000000000000000000000000000000";

    private final ChainClient chain;
    private final Credentials deployer;
    /** Blocks per epoch on a public chain: Ethereum's 32 slots (6.4 minutes at 12 s). */
    public static final int DEFAULT_EPOCH_BLOCKS = 32;
    /** The local devnet mines on demand; the session mines an epoch's blocks at once after a registration. */
    public static final int DEVNET_EPOCH_BLOCKS = 8;
    /** PoqTimelock.MIN_DELAY: no network is deployed with a shorter (let alone a zero) timelock delay. */
    public static final Duration MIN_TIMELOCK_DELAY = Duration.ofSeconds(60);

    private String randomnessSource = NO_RANDOMNESS_SOURCE;
    private DrandChain drand;
    private Duration drandLead;
    private Integer epochBlocks;

    public Deployer(ChainClient chain, Credentials deployer) {
        this.chain = chain;
        this.deployer = deployer;
    }

    /**
     * Draws from an {@code IRandomnessSource} (a VRF adapter) instead of the target block's hash; fixed
     * for good at deploy (docs/decisions/0003).
     */
    public Deployer withRandomnessSource(String address) {
        this.randomnessSource = address;
        return this;
    }

    /**
     * Draws from {@code chain}'s beacon, checked on chain by a {@code DrandBeacon} deployed with the market:
     * each task's round is the first after its submit time plus {@code lead} (docs/decisions/0045).
     */
    public Deployer withDrandBeacon(DrandChain chain, Duration lead) {
        if (lead.isNegative() || lead.toSeconds() > 3_600) {
            throw new IllegalArgumentException("the beacon lead must be 0 to 3600 seconds (" + lead.toSeconds() + " given)");
        }
        this.drand = chain;
        this.drandLead = lead;
        return this;
    }

    /**
     * Weights, prices and capacities are fixed per epoch of this many blocks (2..128, docs/decisions/0023):
     * a task's draw window is its target block's epoch and the next.
     */
    public Deployer withEpochBlocks(int blocks) {
        if (blocks < 2 || blocks > 128) {
            throw new IllegalArgumentException("an epoch must be 2 to 128 blocks (" + blocks + " given)");
        }
        this.epochBlocks = blocks;
        return this;
    }

    public NetworkDescriptor deploy(String name, ProtocolParams params, List<EvaluatorEntry> evaluators) {
        return deploy(name, params, evaluators, DEFAULT_SUPPLY);
    }

    public record EvaluatorEntry(Sha256 id, String name) {
    }

    /** Protocol v3 has no treasury: slashes and expired fees are burned, so no account gains from them. */
    public NetworkDescriptor deploy(String name, ProtocolParams params, List<EvaluatorEntry> evaluators,
                                    TokenAmount supply) {
        return deploy(name, params, evaluators, supply, null);
    }

    /**
     * Deploys and, when {@code timelockDelay} is given, hands the admin and governor roles of the registry
     * and the market to a new OpenZeppelin TimelockController ({@code PoqTimelock}) whose only proposer and
     * executor is the deployer, and renounces the deployer's own roles: every later governance action is
     * public for {@code timelockDelay} before it can run (docs/decisions/0007).
     */
    public NetworkDescriptor deploy(String name, ProtocolParams params, List<EvaluatorEntry> evaluators,
                                    TokenAmount supply, Duration timelockDelay) {
        if (timelockDelay != null && timelockDelay.compareTo(MIN_TIMELOCK_DELAY) < 0) {
            throw new IllegalArgumentException("the timelock delay must be at least " + MIN_TIMELOCK_DELAY.toSeconds()
                    + " seconds (" + timelockDelay.toSeconds() + " given): users need time to leave before a change runs");
        }
        EstimatingTransactionManager tx = chain.transactionManager(deployer);
        try {
            long startBlock = chain.web3j().ethBlockNumber().send().getBlockNumber().longValue();
            PoqToken token = PoqToken.deploy(chain.web3j(), tx, ChainClient.GAS, deployer.getAddress(), supply.wei()).send();
            NodeRegistry registry = NodeRegistry.deploy(chain.web3j(), tx, ChainClient.GAS, token.getContractAddress(),
                    deployer.getAddress(), params.minStakeWei(), BigInteger.valueOf(params.unbondingDelaySeconds()),
                    BigInteger.valueOf(epochBlocks(chain))).send();
            String source = drand == null ? randomnessSource
                    : DrandBeacon.deploy(chain.web3j(), tx, ChainClient.GAS, drand.keyWords(), BigInteger.valueOf(drand.genesis()),
                            BigInteger.valueOf(drand.periodSeconds()), BigInteger.valueOf(drandLead.toSeconds())).send()
                            .getContractAddress();
            TaskMarket market = TaskMarket.deploy(chain.web3j(), tx, ChainClient.GAS, token.getContractAddress(),
                    registry.getContractAddress(), deployer.getAddress(), params.toMarketParams(), source).send();
            // set once: no admin can later revoke the market (freezing escrow) or replace it
            check(registry.setMarket(market.getContractAddress()).send(), "name the market in the registry");
            List<String> ids = new ArrayList<>();
            for (EvaluatorEntry e : evaluators) {
                check(registry.addEvaluator(e.id().bytes(), e.name()).send(), "add evaluator " + e.name());
                ids.add(e.id().hex());
            }
            String timelock = timelockDelay == null ? null : handOverToTimelock(tx, registry, market, timelockDelay);
            return new NetworkDescriptor(name, chain.chainId(), List.of(chain.rpcUrl()),
                    new NetworkDescriptor.Contracts(token.getContractAddress(), registry.getContractAddress(),
                            market.getContractAddress(), timelock, drand == null ? null : source), startBlock + 1, ids, params);
        } catch (PoqNetworkException e) {
            throw e;
        } catch (Exception e) {
            throw new PoqNetworkException("deployment failed: " + e.getMessage(), e);
        }
    }

    private String handOverToTimelock(EstimatingTransactionManager tx, NodeRegistry registry, TaskMarket market,
                                      Duration delay) throws Exception {
        String me = deployer.getAddress();
        PoqTimelock timelock = PoqTimelock.deploy(chain.web3j(), tx, ChainClient.GAS, BigInteger.valueOf(delay.toSeconds()),
                List.of(me), List.of(me)).send();
        String t = timelock.getContractAddress();
        byte[] admin = registry.DEFAULT_ADMIN_ROLE().send();
        byte[] governor = registry.GOVERNOR_ROLE().send();
        check(registry.grantRole(admin, t).send(), "make the timelock the registry's admin");
        check(registry.grantRole(governor, t).send(), "make the timelock the registry's governor");
        check(market.grantRole(admin, t).send(), "make the timelock the market's admin");
        check(market.grantRole(governor, t).send(), "make the timelock the market's governor");
        check(registry.renounceRole(governor, me).send(), "renounce the registry's governor role");
        check(registry.renounceRole(admin, me).send(), "renounce the registry's admin role");
        check(market.renounceRole(governor, me).send(), "renounce the market's governor role");
        check(market.renounceRole(admin, me).send(), "renounce the market's admin role");
        return t;
    }

    private int epochBlocks(ChainClient chain) {
        if (epochBlocks != null) {
            return epochBlocks;
        }
        return chain.chainId() == ChainKind.ANVIL_CHAIN_ID ? DEVNET_EPOCH_BLOCKS : DEFAULT_EPOCH_BLOCKS;
    }

    private static void check(TransactionReceipt receipt, String what) {
        if (!receipt.isStatusOK()) {
            throw new PoqNetworkException("deployment failed: could not " + what);
        }
    }

    /** A readable evaluator name for a descriptor when only the id is known. */
    public static String shortName(Sha256 id) {
        return "evaluator-" + id.hex().substring(0, 8);
    }
}
