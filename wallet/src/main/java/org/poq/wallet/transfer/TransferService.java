package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.poq.core.TokenAmount;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.chain.Calls;
import org.poq.network.chain.TransactionRevertedException;
import org.poq.network.chain.ChainPort;
import org.poq.network.chain.ChainPort.At;
import org.poq.network.chain.ChainPort.Broadcast;
import org.poq.wallet.Addresses;
import org.poq.wallet.InsufficientFundsException;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.NativeCurrency;
import org.poq.wallet.Amounts;
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
    private static final BigInteger FALLBACK_PRIORITY = BigInteger.valueOf(1_000_000_000L);

    private final WalletChain chain;
    private final ChainPort port;
    private final WalletVault vault;
    private final PendingTxStore store;
    private final NonceTracker nonces;
    private final Settlement settlement;
    private volatile NetworkIdentity lastIdentity;

    public TransferService(WalletChain chain, WalletVault vault, PendingTxStore store) {
        this.chain = chain;
        this.port = chain.port();
        this.vault = vault;
        this.store = store;
        this.nonces = new NonceTracker(port, this::network, store);
        this.settlement = new Settlement(port, chain.chainId(), store, nonces);
    }

    // ---------------------------------------------------------------- quote

    /** Validates the input, estimates the fee and checks the funds; nothing is signed yet. */
    public TransferQuote prepare(String from, String toText, Asset asset, String amountText) {
        String sender = vault.account(Addresses.parse(from)).address();
        String to = Addresses.parse(toText);
        TokenAmount amount = Amounts.parse(amountText);
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
        PendingTransaction rec = store.insert(chain.chainId(), network(), Hash.sha3(raw), Kind.TRANSFER, null, q.from(), txTo, q.to(),
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
        PendingTransaction rec = store.insert(chain.chainId(), old.network(), Hash.sha3(raw), Kind.SPEED_UP, old.id(), old.from(), old.to(),
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
        PendingTransaction rec = store.insert(chain.chainId(), old.network(), Hash.sha3(raw), Kind.CANCEL, old.id(), old.from(), old.from(),
                old.from(), Asset.NATIVE, TokenAmount.ZERO, old.nonce(), NATIVE_GAS, fees.maxFee, fees.priority, raw);
        return broadcast(rec);
    }

    // ----------------------------------------------------------- settlement

    /**
     * Settles the open transactions of the network the node serves now against the chain, reading only
     * ({@link Settlement}): nothing is signed or sent, so any view may call it. Returns the open ones left.
     */
    public List<PendingTransaction> refresh() {
        NetworkIdentity here = chain.identity();
        lastIdentity = here;
        return settlement.run(here);
    }

    /**
     * The network key the node serves now; while the node does not answer, the last one read, so the
     * stored transactions can still be shown.
     */
    private String network() {
        try {
            NetworkIdentity here = chain.identity();
            lastIdentity = here;
            return here.key();
        } catch (NodeUnreachableException e) {
            NetworkIdentity last = lastIdentity;
            if (last == null) {
                throw e;
            }
            return last.key();
        }
    }

    /**
     * Sends a dropped transfer again (decision 0037): a new transaction with the same recipient, asset and
     * amount at today's fees, signed with the password, so nothing is re-sent without the user. On the
     * network it was made for, while its nonce is not used, it takes the same nonce (with fees high
     * enough to replace it): should the old one still be mined somewhere, only one of them can be.
     */
    public PendingTransaction sendAgain(long id, char[] password) {
        PendingTransaction old = droppedTx(id);
        TransferQuote q = prepare(old.from(), old.recipient(), old.asset(), old.amount().toPlainString());
        String network = network();
        boolean sameNonce = network.equals(old.network()) && old.nonce() >= nonces.mined(old.from());
        long nonce = sameNonce ? old.nonce() : nonces.next(old.from());
        Fees fees = sameNonce ? bumped(old) : new Fees(q.maxFeePerGas(), q.maxPriorityFeePerGas());
        String txTo = q.asset() == Asset.POQ ? chain.token() : q.to();
        BigInteger value = q.asset() == Asset.POQ ? BigInteger.ZERO : q.amount().wei();
        String data = q.asset() == Asset.POQ ? transferData(q.to(), q.amount()) : "";
        checkFeeFunds(old.from(), value, q.gasLimit().multiply(fees.maxFee));
        RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), BigInteger.valueOf(nonce), q.gasLimit(),
                txTo, value, data, fees.priority, fees.maxFee);
        String raw = sign(old.from(), tx, password);
        PendingTransaction rec = store.insert(chain.chainId(), network, Hash.sha3(raw), Kind.TRANSFER, old.id(), old.from(),
                txTo, q.to(), q.asset(), q.amount(), nonce, q.gasLimit(), fees.maxFee, fees.priority, raw);
        PendingTransaction sent = broadcast(rec);
        store.update(old.id(), Status.REPLACED, "sent again as #" + sent.id() + " (" + sent.hash() + ")", null);
        return sent;
    }

    /** What sending a dropped transfer again would cost, for a face that shows it before asking for the password. */
    public TransferQuote quoteAgain(long id) {
        PendingTransaction old = droppedTx(id);
        return prepare(old.from(), old.recipient(), old.asset(), old.amount().toPlainString());
    }

    private void rebroadcast(PendingTransaction p) {
        Broadcast res;
        try {
            res = port.send(p.raw());
        } catch (NodeUnreachableException e) {
            throw new NodeUnreachableException("the node does not answer (re-send a stored transaction): "
                    + Calls.describe(e.getCause()) + "; it stays stored", false, e.getCause());
        }
        if (!res.refused()) {
            store.update(p.id(), Status.PENDING, null, null);
            LOG.info("re-sent transaction {} (nonce {})", p.hash(), p.nonce());
        } else {
            store.update(p.id(), p.status(), "re-send refused: " + res.refusal(), null);
        }
    }

    private PendingTransaction droppedTx(long id) {
        PendingTransaction p = store.byId(id).orElseThrow(() -> new InvalidInputException("no transaction #" + id));
        if (p.status() != Status.DROPPED || p.chainId() != chain.chainId() || p.kind() == Kind.CANCEL) {
            throw new InvalidInputException("transaction #" + id + " is " + p.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": only a dropped transfer can be sent again (see `poq wallet history`)");
        }
        return p;
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
            if (now.status() == Status.SIGNED && System.nanoTime() <= deadline) {
                // the user's own send whose broadcast broke midway: the same signed bytes, same nonce
                rebroadcast(now);
                now = store.byId(tx.id()).orElseThrow();
            }
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

    /** The sender's transactions on the network the node serves now, with those dropped by a reset of its chain. */
    public List<PendingTransaction> transactions(String from) {
        return store.all(chain.chainId(), network(), from);
    }

    public List<PendingTransaction> open() {
        return store.open(network());
    }

    // ------------------------------------------------------------- internals

    private String sign(String from, RawTransaction tx, char[] password) {
        return vault.withCredentials(from, password, creds -> Numeric.toHexString(TransactionEncoder.signMessage(tx, creds)));
    }

    private PendingTransaction broadcast(PendingTransaction rec) {
        Broadcast res;
        try {
            res = port.send(rec.raw());
        } catch (NodeUnreachableException e) {
            Throwable cause = e.getCause();
            if (!e.outcomeUnknown()) {
                store.update(rec.id(), Status.NOT_SENT, "node unreachable", null);
                throw new NodeUnreachableException("the node does not answer (" + Calls.describe(cause)
                        + "): the transaction was not sent and nothing was spent", false, cause);
            }
            // The request may have reached the node: keep it SIGNED, the next refresh finds or re-sends it.
            LOG.warn("broadcast of {} interrupted; kept for re-sending", rec.hash());
            throw new NodeUnreachableException("the connection to the node broke while sending (" + Calls.describe(cause)
                    + "): the transaction may have been sent; it is kept and re-sent when the node answers", true, cause);
        }
        if (res.alreadyKnown()) {
            // another refresh (the window's, or the CLI's on the same database) re-sent it first: it is on the node
            LOG.info("transaction {} was already on the node", rec.hash());
            return store.update(rec.id(), Status.PENDING, null, null);
        }
        if (res.refused()) {
            String message = res.refusal();
            store.update(rec.id(), Status.NOT_SENT, message, null);
            throw new WalletException("the node refused the transaction: " + message);
        }
        LOG.info("sent {} {} {} from {} to {} (nonce {}, tx {})", rec.kind(), rec.amount(), rec.asset(), rec.from(),
                rec.recipient(), rec.nonce(), rec.hash());
        return store.update(rec.id(), Status.PENDING, null, null);
    }

    private PendingTransaction openTx(long id) {
        PendingTransaction p = store.byId(id).orElseThrow(() -> new InvalidInputException("no transaction #" + id));
        if (!p.status().isOpen() || !network().equals(p.network())) {
            throw new InvalidInputException("transaction #" + id + " is " + p.status().name().toLowerCase()
                    + ": only a pending transaction can be sped up or cancelled");
        }
        return p;
    }

    private record Fees(BigInteger maxFee, BigInteger priority) {
    }

    private Fees currentFees() {
        var block = port.latestBlock();
        BigInteger base = block.getBaseFeePerGas() != null ? block.getBaseFeePerGas() : BigInteger.ZERO;
        BigInteger priority = port.maxPriorityFee(FALLBACK_PRIORITY);
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
        BigInteger gas;
        try {
            gas = port.estimateGas(from, to, value, data);
        } catch (TransactionRevertedException e) {
            throw new InvalidInputException("the transaction would fail: " + e.reason());
        }
        // Contract calls get headroom: state can change between estimate and inclusion.
        return data.isEmpty() ? gas : gas.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5));
    }

    private TokenAmount nativeBalance(String address) {
        return TokenAmount.ofWei(port.balance(address, At.pending()));
    }

    private TokenAmount poqBalance(String address) {
        return new BalanceService(chain).poq(address);
    }

    private String sym() {
        return NativeCurrency.symbol(chain.chainId());
    }

    static String transferData(String to, TokenAmount amount) {
        return FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(amount.wei())), new ArrayList<>()));
    }
}
