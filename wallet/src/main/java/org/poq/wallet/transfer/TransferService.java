package org.poq.wallet.transfer;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.poq.network.chain.Calls;
import org.poq.core.TokenAmount;
import org.poq.network.chain.RevertReasons;
import org.poq.wallet.Addresses;
import org.poq.wallet.InsufficientFundsException;
import org.poq.wallet.InvalidInputException;
import org.poq.network.NodeUnreachableException;
import org.poq.wallet.WalletChain;
import org.poq.wallet.WalletException;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.PendingTransaction.Kind;
import org.poq.wallet.transfer.PendingTransaction.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.utils.Numeric;

/**
 * Sending native coin and POQ: quote (validation, fee estimate, balance check), sign with the
 * password asked again, store, broadcast; then settle, speed up or cancel. A transaction is stored
 * before it is broadcast, so neither a crash nor a lost connection can lose track of a nonce.
 * Blocking calls: run them on a background executor, never on the UI thread.
 */
public final class TransferService {
    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);
    private static final BigInteger NATIVE_GAS = BigInteger.valueOf(21_000);
    /** How long a mined transaction is re-checked for a reorganisation: Ethereum finalizes in about 13 minutes. */
    private static final java.time.Duration REORG_WATCH = java.time.Duration.ofMinutes(15);
    private static final BigInteger FALLBACK_PRIORITY = BigInteger.valueOf(1_000_000_000L);

    private final WalletChain chain;
    private final Web3j web3j;
    private final WalletVault vault;
    private final PendingTxStore store;
    private final NonceTracker nonces;

    public TransferService(WalletChain chain, WalletVault vault, PendingTxStore store) {
        this.chain = chain;
        this.web3j = chain.web3j();
        this.vault = vault;
        this.store = store;
        this.nonces = new NonceTracker(web3j, chain.chainId(), store);
    }

    // ---------------------------------------------------------------- quote

    /** Validates the input, estimates the fee and checks the funds; nothing is signed yet. */
    public TransferQuote prepare(String from, String toText, Asset asset, String amountText) {
        String sender = vault.account(Addresses.parse(from)).address();
        String to = Addresses.parse(toText);
        TokenAmount amount = org.poq.wallet.Amounts.parse(amountText);
        if (amount.isZero()) {
            throw new InvalidInputException("the amount must be more than zero");
        }
        TokenAmount nativeBalance = nativeBalance(sender);
        if (asset == Asset.NATIVE && nativeBalance.compareTo(amount) < 0) {
            throw new InsufficientFundsException("insufficient funds: sending " + amount + " " + sym() + " but the balance is "
                    + nativeBalance + " " + sym());
        }
        if (asset == Asset.POQ) {
            TokenAmount poq = poqBalance(sender);
            if (poq.compareTo(amount) < 0) {
                throw new InsufficientFundsException("insufficient funds: sending " + amount + " POQ but the balance is " + poq + " POQ");
            }
        }
        String txTo = asset == Asset.POQ ? chain.token() : to;
        BigInteger value = asset == Asset.POQ ? BigInteger.ZERO : amount.wei();
        String data = asset == Asset.POQ ? transferData(to, amount) : "";
        BigInteger gas = estimateGas(sender, txTo, value, data);
        Fees fees = currentFees();
        TokenAmount maxFee = TokenAmount.ofWei(gas.multiply(fees.maxFee));
        TokenAmount nativeTotal = asset == Asset.NATIVE ? amount.plus(maxFee) : maxFee;
        if (nativeBalance.compareTo(nativeTotal) < 0) {
            throw new InsufficientFundsException("insufficient funds: the amount plus the fee need up to " + nativeTotal
                    + " " + sym() + " but the balance is " + nativeBalance + " " + sym());
        }
        return new TransferQuote(sender, to, asset, amount, gas, fees.maxFee, fees.priority, maxFee, nativeTotal,
                asset == Asset.POQ ? amount : TokenAmount.ZERO);
    }

    // ----------------------------------------------------------------- send

    /** Signs the confirmed quote with the password, stores the transaction, then broadcasts it. */
    public PendingTransaction send(TransferQuote q, char[] password) {
        long nonce = nonces.next(q.from());
        String txTo = q.asset() == Asset.POQ ? chain.token() : q.to();
        BigInteger value = q.asset() == Asset.POQ ? BigInteger.ZERO : q.amount().wei();
        String data = q.asset() == Asset.POQ ? transferData(q.to(), q.amount()) : "";
        RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), BigInteger.valueOf(nonce), q.gasLimit(),
                txTo, value, data, q.maxPriorityFeePerGas(), q.maxFeePerGas());
        String raw = sign(q.from(), tx, password);
        PendingTransaction rec = store.insert(chain.chainId(), Hash.sha3(raw), Kind.TRANSFER, null, q.from(), txTo, q.to(),
                q.asset(), q.amount(), nonce, q.gasLimit(), q.maxFeePerGas(), q.maxPriorityFeePerGas(), raw);
        return broadcast(rec);
    }

    /** Re-sends a pending transaction with the same nonce and higher fees, so miners prefer it. */
    public PendingTransaction speedUp(long id, char[] password) {
        PendingTransaction old = openTx(id);
        RawTransaction decoded = TransactionDecoder.decode(old.raw());
        Fees fees = bumped(old);
        RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), BigInteger.valueOf(old.nonce()), old.gasLimit(),
                decoded.getTo(), decoded.getValue(), decoded.getData(), fees.priority, fees.maxFee);
        checkFeeFunds(old.from(), decoded.getValue(), old.gasLimit().multiply(fees.maxFee));
        String raw = sign(old.from(), tx, password);
        PendingTransaction rec = store.insert(chain.chainId(), Hash.sha3(raw), Kind.SPEED_UP, old.id(), old.from(), old.to(),
                old.recipient(), old.asset(), old.amount(), old.nonce(), old.gasLimit(), fees.maxFee, fees.priority, raw);
        return broadcast(rec);
    }

    /** Replaces a pending transaction by a zero-value transfer to oneself with the same nonce and higher fees. */
    public PendingTransaction cancel(long id, char[] password) {
        PendingTransaction old = openTx(id);
        Fees fees = bumped(old);
        checkFeeFunds(old.from(), BigInteger.ZERO, NATIVE_GAS.multiply(fees.maxFee));
        RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), BigInteger.valueOf(old.nonce()), NATIVE_GAS,
                old.from(), BigInteger.ZERO, "", fees.priority, fees.maxFee);
        String raw = sign(old.from(), tx, password);
        PendingTransaction rec = store.insert(chain.chainId(), Hash.sha3(raw), Kind.CANCEL, old.id(), old.from(), old.from(),
                old.from(), Asset.NATIVE, TokenAmount.ZERO, old.nonce(), NATIVE_GAS, fees.maxFee, fees.priority, raw);
        return broadcast(rec);
    }

    // ----------------------------------------------------------- settlement

    /**
     * Settles the open transactions against the chain: mined ones become CONFIRMED or FAILED, the
     * others of the same nonce REPLACED, and stored ones the node does not know are re-sent (after a
     * restart or a lost connection). Returns the open transactions left.
     */
    public List<PendingTransaction> refresh() {
        reopenDropped();
        List<PendingTransaction> open = store.open(chain.chainId());
        for (PendingTransaction p : open) {
            PendingTransaction current = store.byId(p.id()).orElseThrow();
            if (!current.status().isOpen()) {
                continue;
            }
            Optional<TransactionReceipt> receipt = Calls.rpc("read a receipt",
                    () -> web3j.ethGetTransactionReceipt(p.hash()).send()).getTransactionReceipt();
            if (receipt.isPresent()) {
                settle(p, receipt.get());
            } else if (p.nonce() < nonces.mined(p.from())) {
                // The nonce is used. A node may count a mined nonce a moment before it serves that
                // transaction's receipt, so a hash it still knows is ours and settles on the next refresh.
                if (!knownToNode(p.hash()) && open.stream().noneMatch(o -> o.id() != p.id() && o.nonce() == p.nonce() && Addresses.same(o.from(), p.from()))) {
                    store.update(p.id(), Status.REPLACED, "another transaction used this nonce", null);
                }
            } else if (p.status() == Status.SIGNED || !knownToNode(p.hash())) {
                rebroadcast(p);
            }
        }
        return store.open(chain.chainId());
    }

    /**
     * A transaction settled lately whose receipt the node no longer has was in a block a reorganisation
     * dropped: it is open again and re-sent from its stored bytes (the same transaction, same nonce), so
     * the history never shows it as final meanwhile. If another transaction (a speed-up, or the same key
     * in another wallet) takes the nonce instead, the next settlement marks it replaced.
     */
    private void reopenDropped() {
        for (PendingTransaction p : store.minedSince(chain.chainId(), store.now().minus(REORG_WATCH))) {
            Optional<TransactionReceipt> receipt = Calls.rpc("read a receipt",
                    () -> web3j.ethGetTransactionReceipt(p.hash()).send()).getTransactionReceipt();
            if (receipt.isEmpty()) {
                LOG.warn("transaction {} (nonce {}) is no longer in the chain: its block was dropped; sending it again",
                        p.hash(), p.nonce());
                store.update(p.id(), Status.SIGNED, "its block was dropped by a reorganisation; sent again", null);
            }
        }
    }

    private void settle(PendingTransaction p, TransactionReceipt r) {
        BigInteger price = r.getEffectiveGasPrice() != null ? Numeric.decodeQuantity(r.getEffectiveGasPrice()) : p.maxFeePerGas();
        TokenAmount fee = TokenAmount.ofWei(r.getGasUsed().multiply(price));
        store.update(p.id(), r.isStatusOK() ? Status.CONFIRMED : Status.FAILED,
                r.isStatusOK() ? null : "reverted on chain" + (r.getRevertReason() != null ? ": " + RevertReasons.describe(r.getRevertReason(), r.getRevertReason()) : ""), fee);
        LOG.info("transaction {} {} in block {}", p.hash(), r.isStatusOK() ? "confirmed" : "reverted", r.getBlockNumber());
        for (PendingTransaction sibling : store.open(chain.chainId())) {
            if (sibling.nonce() == p.nonce() && Addresses.same(sibling.from(), p.from())) {
                store.update(sibling.id(), Status.REPLACED, "replaced by " + p.hash(), null);
            }
        }
    }

    private boolean knownToNode(String hash) {
        return Calls.rpc("look up a transaction", () -> web3j.ethGetTransactionByHash(hash).send()).getTransaction().isPresent();
    }

    private void rebroadcast(PendingTransaction p) {
        try {
            EthSendTransaction res = web3j.ethSendRawTransaction(p.raw()).send();
            if (!res.hasError() || res.getError().getMessage().toLowerCase().contains("already")) {
                store.update(p.id(), Status.PENDING, null, null);
                LOG.info("re-sent transaction {} (nonce {})", p.hash(), p.nonce());
            } else {
                store.update(p.id(), p.status(), "re-send refused: " + res.getError().getMessage(), null);
            }
        } catch (IOException | ClientConnectionException e) {
            throw new NodeUnreachableException("the node does not answer (re-send a stored transaction): "
                    + Calls.describe(e) + "; it stays stored and is re-sent on the next refresh", false, e);
        }
    }

    /**
     * Refreshes until the transaction is settled (confirmed, failed or replaced) or the limit passes,
     * and returns it as it then stands. A node may answer a send before the block holding it is
     * served, even with automine, so a caller that wants the outcome waits here rather than assumes.
     */
    public PendingTransaction awaitSettled(PendingTransaction tx, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            refresh();
            PendingTransaction now = store.byId(tx.id()).orElseThrow();
            if (!now.status().isOpen() || System.nanoTime() > deadline) {
                return now;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }

    public List<PendingTransaction> transactions(String from) {
        return store.all(chain.chainId(), from);
    }

    public List<PendingTransaction> open() {
        return store.open(chain.chainId());
    }

    // ------------------------------------------------------------- internals

    private String sign(String from, RawTransaction tx, char[] password) {
        return vault.withCredentials(from, password, creds -> Numeric.toHexString(TransactionEncoder.signMessage(tx, creds)));
    }

    private PendingTransaction broadcast(PendingTransaction rec) {
        EthSendTransaction res;
        try {
            res = web3j.ethSendRawTransaction(rec.raw()).send();
        } catch (IOException | ClientConnectionException e) {
            if (Calls.connectionRefused(e)) {
                store.update(rec.id(), Status.NOT_SENT, "node unreachable", null);
                throw new NodeUnreachableException("the node does not answer (" + Calls.describe(e)
                        + "): the transaction was not sent and nothing was spent", false, e);
            }
            // The request may have reached the node: keep it SIGNED, the next refresh finds or re-sends it.
            LOG.warn("broadcast of {} interrupted; kept for re-sending", rec.hash());
            throw new NodeUnreachableException("the connection to the node broke while sending (" + Calls.describe(e)
                    + "): the transaction may have been sent; it is kept and re-sent when the node answers", true, e);
        }
        if (res.hasError() && res.getError().getMessage() != null
                && res.getError().getMessage().toLowerCase(java.util.Locale.ROOT).contains("already")) {
            // another refresh (the window's, or the CLI's on the same database) re-sent it first: it is on the node
            LOG.info("transaction {} was already on the node", rec.hash());
            return store.update(rec.id(), Status.PENDING, null, null);
        }
        if (res.hasError()) {
            String message = RevertReasons.describe(res.getError().getMessage(), res.getError().getData());
            store.update(rec.id(), Status.NOT_SENT, message, null);
            throw new WalletException("the node refused the transaction: " + message);
        }
        LOG.info("sent {} {} {} from {} to {} (nonce {}, tx {})", rec.kind(), rec.amount(), rec.asset(), rec.from(),
                rec.recipient(), rec.nonce(), rec.hash());
        return store.update(rec.id(), Status.PENDING, null, null);
    }

    private PendingTransaction openTx(long id) {
        PendingTransaction p = store.byId(id).orElseThrow(() -> new InvalidInputException("no transaction #" + id));
        if (!p.status().isOpen() || p.chainId() != chain.chainId()) {
            throw new InvalidInputException("transaction #" + id + " is " + p.status().name().toLowerCase()
                    + ": only a pending transaction can be sped up or cancelled");
        }
        return p;
    }

    private record Fees(BigInteger maxFee, BigInteger priority) {
    }

    private Fees currentFees() {
        var block = Calls.rpc("read the latest block", () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()).getBlock();
        BigInteger base = block.getBaseFeePerGas() != null ? block.getBaseFeePerGas() : BigInteger.ZERO;
        BigInteger priority;
        try {
            var r = web3j.ethMaxPriorityFeePerGas().send();
            priority = r.hasError() ? FALLBACK_PRIORITY : r.getMaxPriorityFeePerGas();
        } catch (IOException | ClientConnectionException e) {
            throw new NodeUnreachableException("the node does not answer (read the fee): " + Calls.describe(e), false, e);
        }
        // Twice the base fee keeps the transaction valid through several full blocks of fee increases.
        return new Fees(base.shiftLeft(1).add(priority), priority);
    }

    /** Nodes accept a replacement only with both fees at least 10% higher; take 12.5% and at least today's price. */
    private Fees bumped(PendingTransaction old) {
        Fees now = currentFees();
        BigInteger priority = bump(old.maxPriorityFeePerGas()).max(now.priority);
        BigInteger maxFee = bump(old.maxFeePerGas()).max(now.maxFee).max(priority);
        return new Fees(maxFee, priority);
    }

    private static BigInteger bump(BigInteger v) {
        return v.multiply(BigInteger.valueOf(9)).add(BigInteger.valueOf(7)).divide(BigInteger.valueOf(8)).add(BigInteger.ONE);
    }

    private void checkFeeFunds(String from, BigInteger value, BigInteger maxFee) {
        TokenAmount balance = nativeBalance(from);
        TokenAmount needed = TokenAmount.ofWei(value.add(maxFee));
        if (balance.compareTo(needed) < 0) {
            throw new InsufficientFundsException("insufficient funds for the higher fee: needs up to " + needed
                    + " " + sym() + ", the balance is " + balance + " " + sym());
        }
    }

    private BigInteger estimateGas(String from, String to, BigInteger value, String data) {
        var est = Calls.rpc("estimate the fee", () -> {
            var r = web3j.ethEstimateGas(new Transaction(from, null, null, null, to, value, data)).send();
            if (r.hasError()) {
                throw new InvalidInputException("the transaction would fail: "
                        + RevertReasons.describe(r.getError().getMessage(), r.getError().getData()));
            }
            return r;
        });
        BigInteger gas = est.getAmountUsed();
        // Contract calls get headroom: state can change between estimate and inclusion.
        return data.isEmpty() ? gas : gas.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5));
    }

    private TokenAmount nativeBalance(String address) {
        return TokenAmount.ofWei(Calls.rpc("read the balance",
                () -> web3j.ethGetBalance(address, DefaultBlockParameterName.PENDING).send()).getBalance());
    }

    private TokenAmount poqBalance(String address) {
        return new BalanceService(chain).poq(address);
    }

    private String sym() {
        return org.poq.wallet.NativeCurrency.symbol(chain.chainId());
    }

    static String transferData(String to, TokenAmount amount) {
        return FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(amount.wei())), new ArrayList<>()));
    }
}
