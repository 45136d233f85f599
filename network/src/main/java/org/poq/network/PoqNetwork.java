package org.poq.network;

import org.poq.network.chain.NetworkIdentity;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.events.TaskPhase;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.chain.Calls;
import org.poq.network.chain.ChainClient;
import org.poq.network.chain.ChainPort;
import org.poq.network.chain.RegistryLogs;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqToken;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.events.TaskEvent;
import org.poq.network.chain.LogPager;
import org.poq.network.events.TaskEventStream;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * A connection to one PoQ network: reads (tasks, nodes, balances), the stream of task events, and
 * {@link #session} for the actions of one account. Blocking calls: run them off the UI thread.
 */
public final class PoqNetwork implements AutoCloseable {
    private static final String READER = "0x0000000000000000000000000000000000000000";

    private final NetworkDescriptor descriptor;
    private final ChainClient chain;
    private final PoqToken token;
    private final NodeRegistry registry;
    private final TaskMarket market;
    private final LogPager pager;
    private volatile boolean contractsVerified;
    private final RegistryLogs registrations;
    private final ChainPort port;

    private PoqNetwork(NetworkDescriptor descriptor, ChainClient chain) {
        this.descriptor = descriptor;
        this.chain = chain;
        this.pager = new LogPager(chain.web3j(), descriptor.contracts().market(), descriptor.effectiveLogPageBlocks(),
                Math.max(descriptor.effectiveLogPageBlocks(), 10_000));
        this.registrations = new RegistryLogs(chain.web3j(), descriptor.contracts().registry(), descriptor.effectiveLogPageBlocks(),
                Math.max(descriptor.effectiveLogPageBlocks(), 10_000));
        this.port = ChainPort.over(chain);
        var reader = new ReadonlyTransactionManager(chain.web3j(), READER);
        var c = descriptor.contracts();
        this.token = PoqToken.load(c.token(), chain.web3j(), reader, ChainClient.GAS);
        this.registry = NodeRegistry.load(c.registry(), chain.web3j(), reader, ChainClient.GAS);
        this.market = TaskMarket.load(c.market(), chain.web3j(), reader, ChainClient.GAS);
    }

    /** Connects over the descriptor's RPC URLs (the first that answers, failing over to the next) and checks the chain id. */
    public static PoqNetwork connect(NetworkDescriptor descriptor) {
        return connect(descriptor, 50);
    }

    public static PoqNetwork connect(NetworkDescriptor descriptor, long pollMillis) {
        ChainClient chain;
        try {
            chain = ChainClient.connect(descriptor.rpcUrls(), descriptor.chainId(), pollMillis);
        } catch (IllegalArgumentException e) { // the node serves another chain than the file says
            throw new IllegalArgumentException(descriptor.source().map(p -> "the network file " + p + ": ").orElse("")
                    + e.getMessage(), e);
        }
        return new PoqNetwork(descriptor, chain);
    }

    public NetworkDescriptor descriptor() {
        return descriptor;
    }

    /**
     * The network's identity as the node serves it now (chain id, market, deploy block's hash): read
     * afresh on each call, so a caller that stored it can see a reset or redeploy since.
     */
    public NetworkIdentity identity() {
        return NetworkIdentity.read(chain.web3j(), descriptor.chainId(), descriptor.contracts().market(),
                descriptor.deployBlock());
    }

    /** Hears when the client moves from a failed RPC endpoint to the next one (from, to). */
    public void onFailover(BiConsumer<String, String> listener) {
        chain.onFailover(listener);
    }

    /** The raw client, for this package's session; other modules read the chain through {@link #port()}. */
    ChainClient chain() {
        return chain;
    }

    /** The narrow view of the chain an account holder needs (the wallet's balances, history, sends), in the network's error vocabulary. */
    public ChainPort port() {
        return port;
    }

    /** A JSON-RPC call outside the typed API: a dev chain's evm_* and anvil_* methods (the devnet faucet, the simulator). */
    public Object rpc(String method, Object... params) {
        return chain.rpc(method, params);
    }

    /** The RPC URL in use now: the first of the descriptor's, or the one the client failed over to. */
    public String rpcUrlInUse() {
        return chain.rpcUrl();
    }

    /**
     * The actions of one account (register, stake, submit, commit, reveal, advance, transfer). Before the
     * first, the contracts the descriptor names are checked to hold what they should ({@link ContractCheck}):
     * an approve or a submit never goes to a wrong address.
     */
    public PoqSession session(Credentials credentials) {
        verifyContracts();
        return new PoqSession(this, credentials);
    }

    /** Checks, once per connection, that each contract of the descriptor is there and is what it should be. */
    public void verifyContracts() {
        if (!contractsVerified) {
            ContractCheck.verify(descriptor, chain.web3j(), token, registry, market);
            contractsVerified = true;
        }
    }

    // ---------------------------------------------------------------- reads

    public long blockNumber() {
        return Calls.run("read the block height", () -> chain.web3j().ethBlockNumber().send().getBlockNumber().longValue());
    }

    /** The timestamp of the newest block: the chain's clock, which deadlines are measured against. */
    public Instant latestBlockTime() {
        return Calls.run("read the chain's time", () -> {
            var block = chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
            if (block == null) { // a backend behind a load balancer that lags the one that answered the head
                throw new NodeUnreachableException("read the chain's time failed: the node did not return its newest block", null);
            }
            return Instant.ofEpochSecond(block.getTimestamp().longValue());
        });
    }

    /** Every address that registered in blocks [from, to], as the registry's logs record it. */
    public Set<String> registeredNodes(long from, long to) {
        return registrations.registered(from, to);
    }

    public TokenAmount poqBalance(String address) {
        return TokenAmount.ofWei(Calls.run("read the POQ balance", () -> token.balanceOf(address).send()));
    }

    public TokenAmount nativeBalance(String address) {
        return TokenAmount.ofWei(Calls.run("read the balance",
                () -> chain.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance()));
    }

    public TokenAmount poqTotalSupply() {
        return TokenAmount.ofWei(Calls.run("read the POQ supply", () -> token.totalSupply().send()));
    }

    public TaskId lastTaskId() {
        BigInteger n = Calls.run("read the task count", () -> market.taskCount().send());
        return n.signum() == 0 ? null : new TaskId(n);
    }

    public TaskState task(TaskId id) {
        TaskMarket.Task t = Calls.run("read task " + id, () -> market.getTask(id.value()).send());
        if (t.phase.intValue() == 0) {
            throw new IllegalArgumentException("no task " + id + " on this network");
        }
        var participants = Calls.run("read the participants of " + id, () -> market.getParticipants(id.value()).send());
        return new TaskState(id, t.requester, TaskPhase.of(t.phase.intValue()), t.k.intValue(), t.m.intValue(),
                t.answerCommits.intValue(), t.answerReveals.intValue(), t.scoreCommits.intValue(),
                t.scoreReveals.intValue(), Instant.ofEpochSecond(t.deadline.longValue()), t.maxTokens.intValue(),
                t.submitBlock.longValue(), t.evaluatorId, t.promptHash, t.seed, TokenAmount.ofWei(t.fee),
                List.copyOf(participants.component1()), List.copyOf(participants.component2()),
                t.targetBlock.longValue(), t.drawBlock.longValue());
    }

    /** A node's place in a task: its 1-based position (0: not selected) and whether it committed and revealed. */
    public record Slot(int position, boolean committed, boolean revealed) {
    }

    public Slot slot(TaskId id, String node) {
        TaskMarket.Slot s = Calls.run("read the slot of " + node, () -> market.getSlot(id.value(), node).send());
        return new Slot(s.position.intValue(), s.committed, s.revealed);
    }

    public List<Integer> consensus(TaskId id) {
        return ints(Calls.run("read the consensus of " + id, () -> market.getConsensus(id.value()).send()));
    }

    public List<Integer> validatorScores(TaskId id, String validator) {
        return ints(Calls.run("read the scores of " + validator, () -> market.getValidatorScores(id.value(), validator).send()));
    }

    public NodeInfo node(String address) {
        NodeRegistry.NodeView v = Calls.run("read node " + address, () -> registry.nodeInfo(address).send());
        return new NodeInfo(address, NodeRole.of(v.role.intValue()), v.trust.intValue(),
                Instant.ofEpochSecond(v.unbondingReleaseAt.longValue()), v.group, v.modelHash, v.evaluatorId,
                TokenAmount.ofWei(v.stake), TokenAmount.ofWei(v.unbonding), v.weight, v.modelFamily);
    }

    /**
     * A validator's strike count in its group (decision 0058): the tasks its scores sat far from consensus less
     * those they sat close to it, since its last persistent-deviation slash; the slash comes at 12.
     */
    public int strikes(String address) {
        NodeInfo n = node(address);
        return Calls.run("read the strikes of " + address, () -> registry.strikesIn(address, n.group()).send()).intValue();
    }

    /** Whether this chain holds the transaction {@code txHash} in block {@code block} (a copy of another chain may not). */
    public boolean holdsTransaction(String txHash, long block) {
        var tx = Calls.run("read transaction " + txHash, () -> chain.web3j().ethGetTransactionByHash(txHash).send().getTransaction());
        return tx.isPresent() && tx.get().getBlockNumber() != null && tx.get().getBlockNumber().longValueExact() == block;
    }

    /** The least stake a node must hold to be drawn, as the registry holds it now (governance may change it). */
    public TokenAmount minStake() {
        return TokenAmount.ofWei(Calls.run("read the registry's minimum stake", () -> registry.minStake().send()));
    }

    /** The least fee per selected participant the node declared it works for (zero: any task at the protocol's floor). */
    public TokenAmount minPrice(String address) {
        return TokenAmount.ofWei(Calls.run("read the price of " + address, () -> registry.nodeInfo(address).send()).minPrice);
    }

    /**
     * Until when the node's stake is held for the tasks it was drawn into: a time fixed at each draw (the
     * task's last deadline plus a settling grace), never a count of tasks someone else must finish.
     */
    public Instant stakeHeldUntil(String address) {
        return Instant.ofEpochSecond(Calls.run("read the stake hold of " + address,
                () -> registry.nodeInfo(address).send()).lockedUntil.longValue());
    }

    /**
     * The registered context sizes (prompt and answer tokens) of the miners of {@code modelFamily} that hold
     * weight, largest first, read member by member from the registry's group. Empty when the group has more
     * than {@code cap} members: reading them all would cost more than a check before paying is worth, and
     * the draw decides then (a task no miner can hold is unserved and refunded in full, decision 0024).
     */
    public Optional<List<Integer>> minerContexts(String modelFamily, int cap) {
        return Calls.run("read the miners' context sizes of " + modelFamily, () -> {
            byte[] group = registry.minerGroup(modelFamily).send();
            List<Integer> sizes = new ArrayList<>();
            for (int i = 1; ; i++) {
                String member = registry.memberAt(group, BigInteger.valueOf(i)).send();
                if (member == null || new BigInteger(member.substring(2), 16).signum() == 0) {
                    break;
                }
                if (i > cap) {
                    return Optional.<List<Integer>>empty();
                }
                NodeRegistry.NodeView v = registry.nodeInfo(member).send();
                if (v.weight.signum() > 0 && Arrays.equals(v.group, group)) {
                    sizes.add(v.contextTokens.intValue());
                }
            }
            sizes.sort(Comparator.reverseOrder());
            return Optional.of(List.copyOf(sizes));
        });
    }

    /** The tokens of prompt and answer the miner registered it can hold (0 for a validator). */
    public int contextTokens(String address) {
        return Calls.run("read the context of " + address, () -> registry.nodeInfo(address).send()).contextTokens.intValue();
    }

    /** The registry's current epoch: weights, prices and capacities changed now count from the next one. */
    public long epoch() {
        return Calls.run("read the epoch", () -> registry.epoch().send()).longValue();
    }

    /** The validator group's total weight (in 10^-6 POQ units) in the snapshot of {@code epoch} (the current or the previous). */
    public BigInteger validatorWeightAt(byte[] evaluatorId, long epoch) {
        return Calls.run("read the validators' weight", () -> registry.totalWeightAt(registry.validatorGroup(evaluatorId).send(),
                BigInteger.valueOf(epoch)).send());
    }

    /** Blocks per epoch, fixed at deploy. */
    public long epochBlocks() {
        return Calls.run("read the epoch length", () -> registry.epochBlocks().send()).longValue();
    }

    /** Where this network's draws take their randomness from, in words (shown by the app). */
    public String randomnessKind() {
        return Calls.run("read the randomness source", () -> market.randomnessKind().send());
    }

    /** The task's random value once drawn: per-miner seeds derive from it as keccak256(abi.encode(it, miner)). */
    public byte[] samplingSeed(TaskId id, String miner) {
        return Calls.run("read the sampling seed of " + id, () -> market.samplingSeed(id.value(), miner).send());
    }

    public boolean isKnownEvaluator(byte[] evaluatorId) {
        return Calls.run("read the evaluator list", () -> registry.knownEvaluator(evaluatorId).send());
    }

    public int eligibleMiners(String modelFamily, String exclude) {
        return Calls.run("count eligible miners", () ->
                registry.eligibleCount(registry.minerGroup(modelFamily).send(), exclude).send()).intValue();
    }

    public int eligibleValidators(byte[] evaluatorId, String exclude) {
        return Calls.run("count eligible validators", () ->
                registry.eligibleCount(registry.validatorGroup(evaluatorId).send(), exclude).send()).intValue();
    }

    /**
     * Recomputes a task's draw from its stored seed on the registry's snapshot of its target block's epoch,
     * as anyone can: the result must equal the task's miners and validators. (Weights, prices and
     * capacities changed in an epoch count only from the next, so the snapshot is the same at any block.)
     */
    public Selection recomputeSelection(TaskId id, String modelFamily) {
        TaskState t = task(id);
        if (!t.isDrawn() || t.drawBlock() == 0) {
            throw new IllegalStateException("task " + id + " is not drawn yet");
        }
        TaskMarket.Task raw = Calls.run("read task " + id, () -> market.getTask(id.value()).send());
        var p = Calls.run("read the task's parameters", () -> market.paramsAt(raw.paramsVersion).send());
        DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(t.drawBlock()));
        NodeRegistry atBlock = NodeRegistry.load(registry.getContractAddress(), chain.web3j(),
                new ReadonlyTransactionManager(chain.web3j(), READER), ChainClient.GAS);
        atBlock.setDefaultBlockParameter(at);
        BigInteger snapshot = Calls.run("read the epoch", () -> atBlock.epochOf(BigInteger.valueOf(t.targetBlock())).send());
        BigInteger minerPool = raw.fee.multiply(p.component6()).divide(BigInteger.valueOf(10_000));
        var minerNeed = new NodeRegistry.Need(snapshot, raw.promptTokens.add(raw.maxTokens),
                minerPool.divide(BigInteger.valueOf(t.k())), t.requester());
        var validatorNeed = new NodeRegistry.Need(snapshot, BigInteger.ZERO,
                raw.fee.subtract(minerPool).divide(BigInteger.valueOf(t.m())), t.requester());
        byte[] minerSeed = SelectionSeeds.miners(t.seed());
        byte[] validatorSeed = SelectionSeeds.validators(t.seed());
        List<String> miners = strings(Calls.run("recompute the miner draw", () -> atBlock.sample(
                atBlock.minerGroup(modelFamily).send(), minerSeed, BigInteger.valueOf(t.k()), minerNeed).send()));
        List<String> validators = strings(Calls.run("recompute the validator draw", () -> atBlock.sample(
                atBlock.validatorGroup(t.evaluatorId()).send(), validatorSeed, BigInteger.valueOf(t.m()), validatorNeed).send()));
        return new Selection(miners, validators);
    }

    public record Selection(List<String> miners, List<String> validators) {
    }

    // ---------------------------------------------------------------- events

    /** All task events in [fromBlock, toBlock], decoded, in chain order, read in pages the endpoint accepts. */
    public List<TaskEvent> events(long fromBlock, long toBlock) {
        return TaskEventStream.decode(pager.readAll(fromBlock, toBlock));
    }

    /**
     * Follows task events from {@code fromBlock} on; the listener gets each event once it has the
     * descriptor's confirmations. Close the stream to stop.
     */
    public TaskEventStream follow(long fromBlock, Consumer<TaskEvent> listener, Consumer<Exception> errors) {
        return watch(fromBlock, TaskEventStream.Listener.of(listener), errors);
    }

    /** Follows task events with confirmed events, the pending ones above them, and reorganisations. */
    public TaskEventStream watch(long fromBlock, TaskEventStream.Listener listener, Consumer<Exception> errors) {
        return TaskEventStream.start(pager, fromBlock, Math.max(50, chain.pollMillis()),
                descriptor.effectiveConfirmations(), listener, errors);
    }

    // ---------------------------------------------------------------- internals for PoqSession

    PoqToken token() {
        return token;
    }

    NodeRegistry registry() {
        return registry;
    }

    TaskMarket market() {
        return market;
    }

    @SuppressWarnings("rawtypes")
    private static List<Integer> ints(List raw) {
        return ((List<?>) raw).stream().map(o -> ((BigInteger) o).intValue()).toList();
    }

    @SuppressWarnings("rawtypes")
    private static List<String> strings(List raw) {
        return ((List<?>) raw).stream().map(Object::toString).toList();
    }

    @Override
    public void close() {
        chain.close();
    }
}
