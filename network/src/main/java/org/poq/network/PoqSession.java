package org.poq.network;

import org.poq.network.chain.PoqNetworkException;
import org.poq.network.chain.TransactionRevertedException;
import org.poq.network.events.AnswerTokens;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.beacon.BeaconRelay;
import org.poq.network.chain.AccountQueue;
import org.poq.network.chain.Calls;
import org.poq.network.chain.ChainClient;
import org.poq.network.chain.EstimatingTransactionManager;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqToken;
import org.poq.network.contracts.TaskMarket;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import java.util.Optional;

/**
 * The protocol actions of one account. Every action checks the contract's rules with a dry run before
 * it spends gas, so a rejected call fails with the contract's reason ({@link TransactionRevertedException})
 * and changes nothing. Token approvals are made as needed.
 */
public final class PoqSession {
    /** Enough for finalize at the largest task (k=8, m=15) with headroom; unused gas is not charged. */
    static final long FINALIZE_GAS_FLOOR = 3_000_000;
    /** A draw skips at most the registry's MAX_SKIPS candidates: its work is bounded, but depends on the snapshot. */
    static final long DRAW_GAS_FLOOR = 1_500_000;
    private static final long DRAW_WAIT_MILLIS = 120_000;
    private static final int DRAW_ATTEMPTS = 3;

    private final PoqNetwork network;
    private final Credentials credentials;
    private final EstimatingTransactionManager tx;
    private final PoqToken token;
    private final NodeRegistry registry;
    private final TaskMarket market;
    private final BlockNudge blocks;
    private List<String> beaconRelays; // null: drand's public relays
    private Optional<BeaconRelay> relay; // null: not looked up yet; empty: the market draws from block hashes

    PoqSession(PoqNetwork network, Credentials credentials) {
        this.network = network;
        this.credentials = credentials;
        this.tx = network.chain().transactionManager(credentials);
        var c = network.descriptor().contracts();
        var web3j = network.chain().web3j();
        this.token = PoqToken.load(c.token(), web3j, tx, ChainClient.GAS);
        this.registry = NodeRegistry.load(c.registry(), web3j, tx, ChainClient.GAS);
        this.market = TaskMarket.load(c.market(), web3j, tx, ChainClient.GAS);
        this.blocks = new BlockNudge(network.chain());
    }

    public String address() {
        return credentials.getAddress();
    }

    public PoqNetwork network() {
        return network;
    }

    // ---------------------------------------------------------------- tokens

    public TransactionReceipt transferPoq(String to, TokenAmount amount) {
        return Calls.send("send " + amount + " POQ", () -> token.transfer(to, amount.wei()).send());
    }

    private void ensureAllowance(String spender, TokenAmount needed) {
        ensureAllowance(spender, needed, needed);
    }

    /** Approves {@code approve} (at least {@code needed}) when the allowance is below {@code needed}. */
    private void ensureAllowance(String spender, TokenAmount needed, TokenAmount approve) {
        TokenAmount amount = approve.compareTo(needed) < 0 ? needed : approve;
        BigInteger allowance = Calls.run("read the allowance", () -> token.allowance(address(), spender).send());
        if (allowance.compareTo(needed.wei()) < 0) {
            TokenAmount balance = network.poqBalance(address());
            if (balance.compareTo(needed) < 0) {
                throw new TransactionRevertedException("the payment", "insufficient POQ: " + balance + " available, "
                        + needed + " needed");
            }
            // approve what the caller allows (by default exactly this action's need): a leaked key then cannot
            // drain more through the contract
            Calls.send("approve POQ", () -> token.approve(spender, amount.wei()).send());
        }
    }

    // ---------------------------------------------------------------- registry

    /**
     * Registers as a miner of {@code modelFamily} that holds at most {@code contextTokens} tokens of prompt
     * and answer together: the draw gives it only tasks that fit (protocol v3).
     */
    public TransactionReceipt registerMiner(String modelFamily, Sha256 modelHash, int contextTokens, TokenAmount stake) {
        if (contextTokens <= 0) {
            throw new IllegalArgumentException("the context must hold at least one token (" + contextTokens + " given)");
        }
        ensureAllowance(network.descriptor().contracts().registry(), stake);
        TransactionReceipt r = Calls.send("register as a miner", () -> registry.registerMiner(modelFamily, modelHash.bytes(),
                BigInteger.valueOf(contextTokens), stake.wei()).send());
        awaitNextEpochOnDevnet();
        return r;
    }

    public TransactionReceipt registerValidator(Sha256 evaluatorId, TokenAmount stake) {
        ensureAllowance(network.descriptor().contracts().registry(), stake);
        TransactionReceipt r = Calls.send("register as a validator", () -> registry.registerValidator(evaluatorId.bytes(), stake.wei()).send());
        awaitNextEpochOnDevnet();
        return r;
    }

    public TransactionReceipt addStake(TokenAmount amount) {
        ensureAllowance(network.descriptor().contracts().registry(), amount);
        TransactionReceipt r = Calls.send("add stake", () -> registry.addStake(amount.wei()).send());
        awaitNextEpochOnDevnet();
        return r;
    }

    public TransactionReceipt requestUnstake(TokenAmount amount) {
        TransactionReceipt r = Calls.send("unstake", () -> registry.requestUnstake(amount.wei()).send());
        awaitNextEpochOnDevnet();
        return r;
    }

    /**
     * Weights change at the next epoch (protocol v3). A development chain that mines only on a transaction
     * (the local devnet's anvil, Hardhat, Ganache) is asked for the empty blocks up to the next epoch at
     * once: a node registered there can be drawn right away, as before. A chain that refuses to mine on
     * request (any real one) brings the epoch with time.
     */
    private void awaitNextEpochOnDevnet() {
        long length = network.epochBlocks();
        long block = network.blockNumber();
        blocks.mine(length - (block % length));
    }

    public TransactionReceipt withdraw() {
        return Calls.send("withdraw unbonded stake", () -> registry.withdraw().send());
    }

    /** Governance: make an evaluator known (the deployer's key holds the governor role). */
    public TransactionReceipt addEvaluator(Sha256 evaluatorId, String name) {
        return Calls.send("add an evaluator", () -> registry.addEvaluator(evaluatorId.bytes(), name).send());
    }

    // ---------------------------------------------------------------- market

    /**
     * Escrows the fee, submits the task and has it drawn; returns its id once its miners and validators
     * are known (protocol v3 draws them from the hash of the block after the submit, see {@link #awaitDraw}).
     */
    public TaskId submitTask(TaskRequest request) {
        return submitTask(request, request.fee());
    }

    /**
     * As {@link #submitTask(TaskRequest)}; when the market's allowance is short it approves
     * {@code approveUpTo} (at least the fee) at once, so an account that pays for many tasks (the
     * OpenAI endpoint, up to its day's budget) sends one approve per budget instead of one per task.
     */
    public TaskId submitTask(TaskRequest request, TokenAmount approveUpTo) {
        TaskId id = submitTaskUndrawn(request, approveUpTo);
        awaitDraw(id);
        return id;
    }

    /** Escrows the fee and submits the task; returns its id once the submission is mined, before the draw. */
    public TaskId submitTaskUndrawn(TaskRequest request) {
        return submitTaskUndrawn(request, request.fee());
    }

    /**
     * Submits (approving {@code approveUpTo} when the allowance is short) and takes the first draw step in
     * the same turn of the account's queue: on a chain that mines on demand the draw follows the submit
     * before any other request of this account can queue a transaction. Each of those is a block, and v3's
     * draw window is two epochs of blocks: with 20 concurrent requests some task's window passed before its
     * draw's turn came, and its fee was burned. Not drawn yet (a chain mining by itself): the caller follows on.
     */
    public TaskId submitTaskAndDraw(TaskRequest request, TokenAmount approveUpTo) {
        try (var turn = AccountQueue.hold(network.chain().chainId(), address())) {
            TaskId id = submitTaskUndrawn(request, approveUpTo);
            try {
                drawStep(id);
            } catch (RuntimeException e) {
                // someone drew it first, or the node refused a step: the caller's next step tells
            }
            return id;
        }
    }

    /** As {@link #submitTaskUndrawn(TaskRequest)}, approving {@code approveUpTo} when the allowance is short. */
    public TaskId submitTaskUndrawn(TaskRequest request, TokenAmount approveUpTo) {
        ProtocolParams p = network.descriptor().params();
        if (p != null && request.promptBytes() > p.maxPromptBytes()) {
            throw new TransactionRevertedException("submit the task", "Market: prompt too long ("
                    + request.promptBytes() + " bytes, at most " + p.maxPromptBytes() + ")");
        }
        if (p != null && request.fee().compareTo(p.minFee(request.k(), request.m())) < 0) {
            throw new TransactionRevertedException("submit the task", "Market: fee below the protocol minimum ("
                    + p.minFee(request.k(), request.m()) + " POQ for " + request.k() + " miners and " + request.m()
                    + " validators, " + p.minFeePerParticipant() + " POQ each)");
        }
        return submit(request, request.promptBytes(), approveUpTo);
    }

    /**
     * Submits with a declared prompt token count ({@code promptTokens}, between a 32nd of the prompt's bytes
     * and its bytes). {@link #submitTaskUndrawn(TaskRequest)} declares one token per byte, which no
     * tokenizer exceeds: the task then only reaches miners that can hold it, and none may decline it.
     */
    public TaskId submitTaskUndrawn(TaskRequest request, int promptTokens) {
        return submit(request, promptTokens, request.fee());
    }

    private TaskId submit(TaskRequest request, int promptTokens, TokenAmount approveUpTo) {
        TransactionReceipt receipt;
        // the allowance read, the approve and the submit take one turn of the account's queue: another
        // request's submit between them would spend the allowance this one just checked
        try (var turn = AccountQueue.hold(network.chain().chainId(), address())) {
            ensureAllowance(network.descriptor().contracts().market(), request.fee(), approveUpTo);
            receipt = Calls.send("submit the task", () -> market.submitTask(request.prompt(),
                    request.modelFamily(), request.evaluatorId().bytes(), BigInteger.valueOf(request.k()),
                    BigInteger.valueOf(request.m()), BigInteger.valueOf(request.maxTokens()), BigInteger.valueOf(promptTokens),
                    request.fee().wei()).send());
        }
        List<TaskMarket.TaskSubmittedEventResponse> events = TaskMarket.getTaskSubmittedEvents(receipt);
        if (events.isEmpty()) {
            throw new PoqNetworkException("the submission was mined but no TaskSubmitted event was found");
        }
        return new TaskId(events.get(0).taskId);
    }

    /**
     * Waits until the task is drawn, taking {@link #drawStep} after step; gives up when no new block
     * appeared for two minutes (a chain that mines only on demand and refuses evm_mine).
     */
    public void awaitDraw(TaskId id) {
        long lastHead = -1;
        long giveUpAt = System.currentTimeMillis() + DRAW_WAIT_MILLIS;
        int failures = 0;
        while (true) {
            try {
                if (drawStep(id)) {
                    return;
                }
                failures = 0;
            } catch (RuntimeException e) {
                // someone else (a node, another client) may have drawn it first: the next look tells
                if (++failures >= DRAW_ATTEMPTS) throw e;
            }
            long head = network.blockNumber();
            if (head != lastHead) {
                lastHead = head;
                giveUpAt = System.currentTimeMillis() + DRAW_WAIT_MILLIS;
            } else if (System.currentTimeMillis() > giveUpAt) {
                throw new PoqNetworkException("no new block for " + DRAW_WAIT_MILLIS / 1000 + " s: task " + id
                        + " is not drawn yet; it is drawn by the first action after block " + network.task(id).targetBlock());
            }
            sleep(Math.max(50, network.chain().pollMillis()));
        }
    }

    /**
     * One step toward the task's draw, never waiting; true once it is drawn (or expired). The draw needs
     * the hash of the target block, the block after the submit, so it can be sent as soon as that block
     * exists: the draw lands in a later one. Before that, on a chain that mines only when a transaction
     * comes (anvil, Hardhat or Ganache with instant mining), a block is made to appear with evm_mine; a
     * chain that refuses evm_mine mines by itself, and the next step finds the block. On a market that
     * draws from drand's beacon the step first posts the task's round once drand has published it
     * ({@link BeaconRelay}). Each task is drawn on its own (protocol v3): the requester draws exactly its
     * own task, within its draw window.
     */
    public boolean drawStep(TaskId id) {
        TaskState t = network.task(id);
        return t.isDrawn() || drawStep(t);
    }

    /** {@link #drawStep(TaskId)} on a task read undrawn just before (its callers read it for their own checks). */
    private boolean drawStep(TaskState t) {
        TaskId id = t.id();
        // v3's draw window is two epochs of blocks: on a busy instant-mining chain every other transaction
        // is a block, so a block this step made is used at once rather than at the next step
        if (network.blockNumber() < t.targetBlock() && (!blocks.nudge() || network.blockNumber() < t.targetBlock())) {
            return false;
        }
        if (!randomnessReady(t)) {
            return false;
        }
        try {
            draw(id);
        } catch (TransactionRevertedException e) {
            // the dry run of some nodes sees the head itself, not the block the draw will land in: one more block
            if (e.reason() == null || !e.reason().contains("target block is not mined yet")) throw e;
            blocks.nudge();
            return false;
        }
        return network.task(id).isDrawn();
    }

    /**
     * On a market that draws from a drand beacon (decision 0045), brings the task's round to the chain once
     * drand has published it; true when the draw can be sent: the randomness is there, the market draws from
     * block hashes, or the draw window closed (the draw then expires the task, as any undrawn one).
     */
    private boolean randomnessReady(TaskState t) {
        if (relay == null) {
            relay = BeaconRelay.forMarket(network.chain(), network.descriptor().contracts().market(), tx, beaconRelays);
        }
        if (relay.isEmpty() || relay.get().ensure(t.targetBlock())) {
            return true;
        }
        return !Calls.run("read whether task " + t.id() + " can be drawn", () -> market.drawable(t.id().value()).send());
    }

    /**
     * One step toward drawing a task someone else submitted (a node of its groups stepping in for a requester
     * that went away, issue 22): posts its beacon round and draws, as {@link #drawStep} does, but does not set
     * out to expire it: a task whose window has closed is left alone (expiring it is anyone's `advance` and pays
     * the node nothing). The window can still close between that read and the draw's block, and the contract's
     * draw then expires the task; that costs the node only its gas on a task that was expiring anyway. True once
     * the task is drawn, or can no longer be drawn.
     */
    public boolean drawLeftTask(TaskId id) {
        TaskState t = network.task(id);
        if (t.isDrawn()) {
            return true;
        }
        if (network.blockNumber() > t.targetBlock()
                && !Calls.run("read whether task " + id + " can be drawn", () -> market.drawable(id.value()).send())) {
            return true;
        }
        return drawStep(t);
    }

    /** The drand HTTP endpoints this session fetches beacon rounds from, instead of drand's public relays. */
    public PoqSession useBeaconRelays(List<String> urls) {
        this.beaconRelays = List.copyOf(urls);
        this.relay = null;
        return this;
    }

    /**
     * Draws one task (anyone may, once its target block is mined). Its work is this task's alone; called
     * after the task's draw window, it expires the task and its fee is burned.
     */
    public TransactionReceipt draw(TaskId id) {
        return Calls.send("draw task " + id, () -> tx.withGasFloor(DRAW_GAS_FLOOR, () -> market.draw(id.value()).send()));
    }

    /** A drawn miner declines a task whose prompt was declared below one token per byte: no penalty, no pay. */
    public TransactionReceipt decline(TaskId id) {
        return Calls.send("decline " + id, () -> market.decline(id.value()).send());
    }

    /**
     * Declares the least share of a task's fee this node works for (its part of its role's pool): from the
     * next epoch it is not drawn for tasks that pay it less. Changes at most once every two epochs.
     */
    public TransactionReceipt setMinPrice(TokenAmount price) {
        TransactionReceipt r = Calls.send("set the minimum price", () -> registry.setMinPrice(price.wei()).send());
        // on the devnet: in force at once, and changeable again at once (two epochs on)
        awaitNextEpochOnDevnet();
        awaitNextEpochOnDevnet();
        return r;
    }

    /** Pulls a node's trust toward the start value for the time it has been idle; anyone may call it. */
    public TransactionReceipt refreshTrust(String node) {
        return Calls.send("refresh the trust of " + node, () -> registry.refreshTrust(node).send());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoqNetworkException("interrupted while waiting for the draw", e);
        }
    }

    public TransactionReceipt commitAnswer(TaskId id, byte[] commitment) {
        requireWord(commitment, "commitment");
        return Calls.send("commit the answer to " + id, () -> market.commitAnswer(id.value(), commitment).send());
    }

    /** Reveals the answer without its token ids: auditors replay the text's own tokenization. */
    public TransactionReceipt revealAnswer(TaskId id, String answer, byte[] salt) {
        return revealAnswer(id, answer, new int[0], salt);
    }

    /** Reveals the answer and the token ids the miner drew, which the task's auditors replay. */
    public TransactionReceipt revealAnswer(TaskId id, String answer, int[] tokens, byte[] salt) {
        requireWord(salt, "salt");
        byte[] encoded = AnswerTokens.encode(tokens);
        return Calls.send("reveal the answer to " + id, () -> market.revealAnswer(id.value(), answer, encoded, salt).send());
    }

    public TransactionReceipt commitScores(TaskId id, byte[] commitment) {
        requireWord(commitment, "commitment");
        return Calls.send("commit scores for " + id, () -> market.commitScores(id.value(), commitment).send());
    }

    /** Reveals scores and abstains from every audit (the node does not hold the task's model). */
    public TransactionReceipt revealScores(TaskId id, int[] scores, byte[] salt) {
        return revealScores(id, scores, new int[scores.length], salt);
    }

    /** Reveals scores and audits ({@link Audit#encode}, one per selected miner) committed together. */
    public TransactionReceipt revealScores(TaskId id, int[] scores, int[] audits, byte[] salt) {
        requireWord(salt, "salt");
        List<BigInteger> list = uints(scores);
        List<BigInteger> auditList = uints(audits);
        // any reveal may turn out to be the last one, which finalizes the task in the same transaction
        return Calls.send("reveal scores for " + id, () -> tx.withGasFloor(FINALIZE_GAS_FLOOR,
                () -> market.revealScores(id.value(), list, auditList, salt).send()));
    }

    private static List<BigInteger> uints(int[] values) {
        List<BigInteger> list = new ArrayList<>();
        for (int v : values) {
            list.add(BigInteger.valueOf(v));
        }
        return list;
    }

    public TransactionReceipt advance(TaskId id) {
        return Calls.send("advance " + id,
                () -> tx.withGasFloor(FINALIZE_GAS_FLOOR, () -> market.advance(id.value()).send()));
    }

    private static void requireWord(byte[] value, String what) {
        if (value == null || value.length != 32) {
            throw new IllegalArgumentException("a " + what + " is 32 bytes");
        }
        if (what.equals("salt") && Arrays.equals(value, new byte[32])) {
            // a zero salt turns a commitment to a few scores into one anyone can brute-force
            throw new IllegalArgumentException("a salt of 32 zero bytes is refused; use Commitments.newSalt()");
        }
    }
}
