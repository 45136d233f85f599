package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.poq.core.TokenAmount;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.chain.ChainPort;
import org.poq.network.chain.RevertReasons;
import org.poq.wallet.Addresses;
import org.poq.wallet.transfer.PendingTransaction.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Brings the stored transactions up to date with the chain, reading only: it never signs and never
 * sends (decision 0037). Mined ones become confirmed or failed, others of the same nonce replaced; one
 * that is neither on the chain nor on the node (its block was dropped, the node forgot it, the chain
 * was reset) becomes {@link Status#DROPPED}, which the user may send again. Records of another network
 * identity with the same chain id are only looked at to say that they were dropped.
 */
final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
    /** How long a mined transaction is re-checked for a reorganisation: Ethereum finalizes in about 13 minutes. */
    static final Duration REORG_WATCH = Duration.ofMinutes(15);
    /** A just-sent transaction may not be served yet by every backend: it is called dropped only after this. */
    static final Duration SEND_GRACE = Duration.ofSeconds(10);

    private final ChainPort port;
    private final long chainId;
    private final PendingTxStore store;
    private final NonceTracker nonces;

    Settlement(ChainPort port, long chainId, PendingTxStore store, NonceTracker nonces) {
        this.port = port;
        this.chainId = chainId;
        this.store = store;
        this.nonces = nonces;
    }

    /** Settles the records of {@code here}; returns its open transactions left. */
    List<PendingTransaction> run(NetworkIdentity here) {
        String network = here.key();
        otherNetworks(here);
        recheckDropped(network);
        watchMined(network);
        List<PendingTransaction> open = store.open(network);
        for (PendingTransaction p : open) {
            PendingTransaction current = store.byId(p.id()).orElseThrow();
            if (!current.status().isOpen()) {
                continue;
            }
            Optional<TransactionReceipt> receipt = receipt(p.hash());
            if (receipt.isPresent()) {
                settle(p, receipt.get(), network);
            } else if (p.nonce() < nonces.mined(p.from())) {
                // The nonce is used. A node may count a mined nonce a moment before it serves that
                // transaction's receipt, so a hash it still knows is ours and settles on the next refresh.
                if (!knownToNode(p.hash()) && open.stream().noneMatch(o -> o.id() != p.id() && o.nonce() == p.nonce()
                        && Addresses.same(o.from(), p.from()))) {
                    store.update(p.id(), Status.REPLACED, "another transaction used this nonce", null);
                }
            } else if (!knownToNode(p.hash()) && p.updatedAt().isBefore(store.now().minus(SEND_GRACE))) {
                LOG.warn("transaction {} (nonce {}) is not on the node (it restarted or evicted it): shown as dropped, "
                        + "not sent again without you", p.hash(), p.nonce());
                store.update(p.id(), Status.DROPPED, "the node does not have it (it restarted, or dropped it from its pool)", null);
            }
        }
        return store.open(network);
    }

    /**
     * Records of this chain id made on another network identity (before a reset or redeploy, or before
     * identities were kept): one the node knows is adopted; the others are dropped, with the reason.
     */
    private void otherNetworks(NetworkIdentity here) {
        for (PendingTransaction p : store.elsewhere(chainId, here.key(), store.now().minus(REORG_WATCH))) {
            if (receipt(p.hash()).isPresent() || knownToNode(p.hash())) {
                store.adopt(p.id(), here.key()); // the same transaction is on this chain: settled below
                continue;
            }
            String why = NetworkIdentity.parse(p.network()).flatMap(here::changeFrom)
                    .orElse("it was sent before this wallet kept which chain a transaction belongs to, and this chain does not have it");
            LOG.warn("transaction {} (nonce {}) is not on this chain: {}; shown as dropped, not sent again without you",
                    p.hash(), p.nonce(), why);
            store.update(p.id(), Status.DROPPED, "not on this chain: " + why, null);
        }
    }

    /** A dropped transaction a node mined after all (or holds again) is not dropped any more. */
    private void recheckDropped(String network) {
        for (PendingTransaction p : store.dropped(network)) {
            Optional<TransactionReceipt> receipt = receipt(p.hash());
            if (receipt.isPresent()) {
                settle(p, receipt.get(), network);
            } else if (knownToNode(p.hash())) {
                store.update(p.id(), Status.PENDING, null, null);
            }
        }
    }

    /** A transaction mined lately whose receipt is gone was in a block a reorganisation dropped. */
    private void watchMined(String network) {
        for (PendingTransaction p : store.minedSince(network, store.now().minus(REORG_WATCH))) {
            if (receipt(p.hash()).isPresent()) {
                continue;
            }
            if (knownToNode(p.hash())) {
                LOG.warn("transaction {} (nonce {}): its block was dropped by a reorganisation; the node holds it again",
                        p.hash(), p.nonce());
                store.update(p.id(), Status.PENDING, "its block was dropped by a reorganisation; waiting for another", null);
            } else {
                LOG.warn("transaction {} (nonce {}) is no longer in the chain: its block was dropped; shown as dropped, "
                        + "not sent again without you", p.hash(), p.nonce());
                store.update(p.id(), Status.DROPPED, "its block was dropped by a reorganisation", null);
            }
        }
    }

    void settle(PendingTransaction p, TransactionReceipt r, String network) {
        BigInteger price = r.getEffectiveGasPrice() != null ? Numeric.decodeQuantity(r.getEffectiveGasPrice()) : p.maxFeePerGas();
        TokenAmount fee = TokenAmount.ofWei(r.getGasUsed().multiply(price));
        store.update(p.id(), r.isStatusOK() ? Status.CONFIRMED : Status.FAILED,
                r.isStatusOK() ? null : "reverted on chain" + (r.getRevertReason() != null
                        ? ": " + RevertReasons.describe(r.getRevertReason(), r.getRevertReason()) : ""), fee);
        LOG.info("transaction {} {} in block {}", p.hash(), r.isStatusOK() ? "confirmed" : "reverted", r.getBlockNumber());
        for (PendingTransaction sibling : store.open(network)) {
            if (sibling.nonce() == p.nonce() && Addresses.same(sibling.from(), p.from())) {
                store.update(sibling.id(), Status.REPLACED, "replaced by " + p.hash(), null);
            }
        }
    }

    Optional<TransactionReceipt> receipt(String hash) {
        return port.receipt(hash);
    }

    boolean knownToNode(String hash) {
        return port.knows(hash);
    }
}
