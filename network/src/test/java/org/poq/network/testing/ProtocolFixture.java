package org.poq.network.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.Commitments;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.RawChain;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.beacon.DrandChain;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.devnet.LocalDevnet;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A real anvil node with the PoQ contracts deployed and registered miners and validators, for tests
 * of the protocol and of the services above it. Account 0 deploys and governs, account 1 requests,
 * the last account is a bystander that never sends anything (protocol v3 has no treasury: slashes and
 * expired fees are burned, see {@link #burned()}).
 */
public final class ProtocolFixture implements AutoCloseable {
    public static final String FAMILY = "llama-3-8b-instruct";
    public static final Sha256 EVALUATOR = Sha256.of("poq test evaluator".getBytes());
    public static final Sha256 MODEL = Sha256.of("poq test model".getBytes());
    public static final TokenAmount STAKE = TokenAmount.ofTokens(1_000);
    /** The test mnemonic's accounts the fixture uses; a Hardhat or Ganache node must offer as many (DevChainProcess does). */
    public static final int ACCOUNTS = 48;
    /** What the fixture's miners register they hold: every prompt the tests send fits. */
    public static final int CONTEXT_TOKENS = 4_096;

    private final AnvilProcess anvil; // null on another implementation
    private final AutoCloseable node;
    private final PoqNetwork network;
    private final PoqSession governor;
    private final PoqSession requester;
    private final List<PoqSession> miners = new ArrayList<>();
    private final List<PoqSession> validators = new ArrayList<>();
    private final String bystander;
    private final Map<String, byte[]> salts = new HashMap<>();
    private int nextAccount = 2;

    private ProtocolFixture(AnvilProcess anvil, AutoCloseable node, PoqNetwork network, String bystander) {
        this.anvil = anvil;
        this.node = node;
        this.network = network;
        this.governor = network.session(LocalAccounts.account(0));
        this.requester = network.session(LocalAccounts.account(1));
        this.bystander = bystander;
    }

    public static ProtocolFixture start(int minerCount, int validatorCount) {
        return start(minerCount, validatorCount, ProtocolParams.defaults().withWindows(60, 60));
    }

    public static ProtocolFixture start(int minerCount, int validatorCount, ProtocolParams params) {
        return start(minerCount, validatorCount, params, List.of());
    }

    public static ProtocolFixture start(int minerCount, int validatorCount, ProtocolParams params, List<String> extraAnvilArgs) {
        return start(minerCount, validatorCount, params, extraAnvilArgs, null);
    }

    /** With a market that draws from the randomness source the test contract {@code randomnessContract} provides. */
    public static ProtocolFixture start(int minerCount, int validatorCount, ProtocolParams params, List<String> extraAnvilArgs,
                                        String randomnessContract) {
        AnvilProcess anvil = AnvilProcess.start(new AnvilOptions(0, 31337, null, null, ACCOUNTS, null, extraAnvilArgs));
        return deploy(anvil, anvil, anvil.rpcUrl(), 31337, minerCount, validatorCount, params,
                randomnessContract == null ? null : (chain, deployer) -> deployer.withRandomnessSource(
                        new RawTx(chain).deploy(LocalAccounts.account(0), randomnessContract)));
    }

    /** With a market that draws from {@code drand}'s beacon, checked on chain (DrandBeacon, decision 0045). */
    public static ProtocolFixture startWithBeacon(int minerCount, int validatorCount, ProtocolParams params,
                                                  List<String> extraAnvilArgs, DrandChain drand, java.time.Duration lead) {
        AnvilProcess anvil = AnvilProcess.start(new AnvilOptions(0, 31337, null, null, ACCOUNTS, null, extraAnvilArgs));
        return deploy(anvil, anvil, anvil.rpcUrl(), 31337, minerCount, validatorCount, params,
                (chain, deployer) -> deployer.withDrandBeacon(drand, lead));
    }

    /**
     * The same fixture on another EVM implementation already running at {@code rpcUrl} (Hardhat, Ganache:
     * {@link DevChainProcess}), with the same test mnemonic's accounts; {@code node} is closed with it.
     */
    public static ProtocolFixture on(AutoCloseable node, String rpcUrl, long chainId, int minerCount, int validatorCount,
                                     ProtocolParams params) {
        return deploy(null, node, rpcUrl, chainId, minerCount, validatorCount, params, null);
    }

    private static ProtocolFixture deploy(AnvilProcess anvil, AutoCloseable node, String rpcUrl, long chainId, int minerCount,
                                          int validatorCount, ProtocolParams params,
                                          java.util.function.BiConsumer<ChainClient, Deployer> randomness) {
        try {
            String bystander = LocalAccounts.account(ACCOUNTS - 1).getAddress();
            NetworkDescriptor d;
            try (ChainClient chain = ChainClient.connect(rpcUrl, chainId)) {
                Deployer deployer = new Deployer(chain, LocalAccounts.account(0));
                if (randomness != null) {
                    randomness.accept(chain, deployer);
                }
                // an anvil of its own on this computer is a throwaway chain like the devnet (faucet, demo nodes);
                // a Hardhat or Ganache node is not, however it is reached
                d = deployer.deploy(anvil != null ? LocalDevnet.NAME : "test", params,
                        List.of(new Deployer.EvaluatorEntry(EVALUATOR, "test evaluator")), Deployer.DEFAULT_SUPPLY);
            }
            ProtocolFixture f = new ProtocolFixture(anvil, node, PoqNetwork.connect(d), bystander);
            f.governor.transferPoq(f.requester.address(), TokenAmount.ofTokens(1_000_000));
            for (int i = 0; i < minerCount; i++) {
                f.addMiner(FAMILY, STAKE);
            }
            for (int i = 0; i < validatorCount; i++) {
                f.addValidator(STAKE);
            }
            return f;
        } catch (RuntimeException e) {
            try {
                node.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** A fresh funded account, not yet registered. */
    public PoqSession newAccount() {
        if (nextAccount >= ACCOUNTS - 1) {
            throw new IllegalStateException("the fixture's " + ACCOUNTS + " accounts are used up");
        }
        PoqSession s = network.session(LocalAccounts.account(nextAccount++));
        governor.transferPoq(s.address(), TokenAmount.ofTokens(100_000));
        return s;
    }

    public PoqSession addMiner(String family, TokenAmount stake) {
        return addMiner(family, stake, CONTEXT_TOKENS);
    }

    /** A miner that registers it holds {@code contextTokens} tokens of prompt and answer. */
    public PoqSession addMiner(String family, TokenAmount stake, int contextTokens) {
        PoqSession s = newAccount();
        s.registerMiner(family, MODEL, contextTokens, stake);
        miners.add(s);
        return s;
    }

    public PoqSession addValidator(TokenAmount stake) {
        PoqSession s = newAccount();
        s.registerValidator(EVALUATOR, stake);
        validators.add(s);
        return s;
    }

    public PoqNetwork network() {
        return network;
    }

    public ChainClient chain() {
        return RawChain.of(network);
    }

    public PoqSession governor() {
        return governor;
    }

    public PoqSession requester() {
        return requester;
    }

    public List<PoqSession> miners() {
        return miners;
    }

    public List<PoqSession> validators() {
        return validators;
    }

    /** An account that never sends anything. */
    public String bystander() {
        return bystander;
    }

    /** POQ burned so far (slashes and expired fees): the minted supply less what exists. */
    public TokenAmount burned() {
        return Deployer.DEFAULT_SUPPLY.minus(network.poqTotalSupply());
    }

    public AnvilProcess anvil() {
        return anvil;
    }

    public TaskRequest request(int k, int m, TokenAmount fee) {
        return new TaskRequest("What is the capital of France?", FAMILY, EVALUATOR, k, m, 256, fee);
    }

    /** The keys of one of the fixture's accounts (anvil's well-known test keys). */
    public static org.web3j.crypto.Credentials credentialsOf(String address) {
        for (int i = 0; i < ACCOUNTS; i++) {
            org.web3j.crypto.Credentials c = LocalAccounts.account(i);
            if (c.getAddress().equalsIgnoreCase(address)) return c;
        }
        throw new IllegalArgumentException("not a fixture account: " + address);
    }

    /** The session of a selected address. */
    public PoqSession sessionOf(String address) {
        for (PoqSession s : miners) {
            if (s.address().equalsIgnoreCase(address)) return s;
        }
        for (PoqSession s : validators) {
            if (s.address().equalsIgnoreCase(address)) return s;
        }
        throw new IllegalArgumentException("no session for " + address);
    }

    // ---------------------------------------------------------------- round steps with remembered salts

    public TransactionReceipt commitAnswer(TaskId id, String miner, String answer) {
        byte[] salt = Commitments.newSalt();
        salts.put(id + miner.toLowerCase(), salt);
        return sessionOf(miner).commitAnswer(id, Commitments.answer(id, miner, answer, salt));
    }

    public TransactionReceipt revealAnswer(TaskId id, String miner, String answer) {
        return sessionOf(miner).revealAnswer(id, answer, salts.get(id + miner.toLowerCase()));
    }

    public TransactionReceipt revealAnswer(TaskId id, String miner, String answer, int[] tokens) {
        return sessionOf(miner).revealAnswer(id, answer, tokens, salts.get(id + miner.toLowerCase()));
    }

    public TransactionReceipt commitScores(TaskId id, String validator, int[] scores) {
        byte[] salt = Commitments.newSalt();
        salts.put(id + validator.toLowerCase(), salt);
        return sessionOf(validator).commitScores(id, Commitments.scores(id, validator, scores, salt));
    }

    public TransactionReceipt revealScores(TaskId id, String validator, int[] scores) {
        return sessionOf(validator).revealScores(id, scores, salts.get(id + validator.toLowerCase()));
    }

    /** Commits scores and audits ({@link org.poq.network.events.Audit#encode}) under one commitment. */
    public TransactionReceipt commitScores(TaskId id, String validator, int[] scores, int[] audits) {
        byte[] salt = Commitments.newSalt();
        salts.put(id + validator.toLowerCase(), salt);
        return sessionOf(validator).commitScores(id, Commitments.scores(id, validator, scores, audits, salt));
    }

    public TransactionReceipt revealScores(TaskId id, String validator, int[] scores, int[] audits) {
        return sessionOf(validator).revealScores(id, scores, audits, salts.get(id + validator.toLowerCase()));
    }

    /** Mines {@code blocks} empty blocks at once. */
    public void mine(long blocks) {
        chain().rpc("anvil_mine", "0x" + Long.toHexString(blocks));
    }

    /** A session for one of anvil's well-known accounts that the fixture does not hand out. */
    public PoqSession sessionFor(org.web3j.crypto.Credentials c) {
        return network.session(c);
    }

    /** Moves the chain's clock forward and mines a block, as time passing would. */
    public void increaseTime(long seconds) {
        chain().rpc("evm_increaseTime", BigInteger.valueOf(seconds));
        chain().rpc("evm_mine");
    }

    @Override
    public void close() {
        network.close();
        try {
            node.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the chain node: " + e.getMessage(), e);
        }
    }
}
