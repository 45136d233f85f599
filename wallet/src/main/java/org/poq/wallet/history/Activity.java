package org.poq.wallet.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.poq.core.TokenAmount;
import org.poq.wallet.Addresses;
import org.poq.wallet.history.HistoryEntry.Direction;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.PendingTransaction;

/**
 * An account's activity as a wallet user reads it: what the chain recorded (history entries, the
 * native coin and fees included) merged with what this wallet sent and the chain has not, or not
 * yet, recorded: pending transactions, ones replaced by a speed-up, cancelled ones and ones never
 * sent. The window and `poq wallet activity` show this same list.
 */
public final class Activity {
    public enum Status { PENDING, CONFIRMED, FAILED, REPLACED, CANCELLED, NOT_SENT, DROPPED }

    /**
     * One line. {@code nonce} is known for this wallet's own transactions; {@code txId} is the stored
     * transaction's id for a pending one (what speed-up and cancel take) or a dropped one (what send
     * again takes), else null.
     */
    public record Item(Instant time, Status status, String what, Asset asset, Direction direction, TokenAmount amount,
                       String counterparty, String counterpartyName, Long nonce, String hash, Long txId, String detail) {
        public boolean canReplace() {
            return txId != null && status == Status.PENDING;
        }

        /** A dropped transfer (reorganisation, forgetful node, reset chain): the user may send it again. */
        public boolean canSendAgain() {
            return txId != null && status == Status.DROPPED;
        }
    }

    private Activity() {
    }

    /**
     * Merges the account's stored chain history with its stored transactions, newest first.
     * {@code names} gives a counterparty's display name (the address book's).
     */
    public static List<Item> of(String account, List<HistoryEntry> history, List<PendingTransaction> own,
                                Function<String, String> names) {
        Map<String, PendingTransaction> byHash = new HashMap<>();
        for (PendingTransaction p : own) {
            byHash.put(p.hash().toLowerCase(Locale.ROOT), p);
        }
        List<Item> out = new ArrayList<>();
        Set<String> onChain = new HashSet<>();
        for (HistoryEntry e : history) {
            if (e.amount() != null && e.amount().isZero() && e.kind() != HistoryKind.FEE) {
                continue; // a refund of nothing is noise
            }
            String key = e.txHash().toLowerCase(Locale.ROOT);
            PendingTransaction mine = byHash.get(key);
            if (mine != null && mine.status() == PendingTransaction.Status.DROPPED) {
                continue; // scanned before a reorganisation dropped its block: the chain no longer has it
            }
            onChain.add(key);
            boolean reverted = e.kind() == HistoryKind.FEE && e.reason().contains("reverted")
                    || mine != null && mine.status() == PendingTransaction.Status.FAILED;
            String what = label(e.kind());
            String detail = e.reason();
            if (mine != null && mine.kind() == PendingTransaction.Kind.CANCEL) {
                what = "cancel";
                detail = "fee of the cancel of nonce " + mine.nonce();
            } else if (mine != null && mine.kind() == PendingTransaction.Kind.SPEED_UP && e.kind() != HistoryKind.FEE) {
                detail = e.reason() + " (sped up)";
            }
            out.add(new Item(e.time(), reverted ? Status.FAILED : Status.CONFIRMED, what, e.asset(), e.direction(), e.amount(),
                    e.counterparty(), e.counterparty() == null ? "" : names.apply(e.counterparty()),
                    mine == null ? null : mine.nonce(), e.txHash(), null, detail));
        }
        for (PendingTransaction p : own) {
            if (!Addresses.same(p.from(), account) || onChain.contains(p.hash().toLowerCase(Locale.ROOT))) {
                continue;
            }
            Status status = statusOf(p, own);
            String what = switch (p.kind()) {
                case TRANSFER -> "send";
                case SPEED_UP -> "speed-up";
                case CANCEL -> "cancel";
            };
            String detail = switch (status) {
                case PENDING -> p.status() == PendingTransaction.Status.SIGNED ? "signed, being sent to the node" : "waiting for a block";
                case REPLACED -> replacedBy(p, own).map(r -> "replaced by " + r.hash()).orElse("another transaction used this nonce");
                case CANCELLED -> "cancelled: a zero-value transaction took its nonce";
                case NOT_SENT -> p.error() == null ? "never reached the node" : p.error();
                case FAILED -> p.error() == null ? "reverted on chain" : p.error();
                case CONFIRMED -> "confirmed (history scan pending)";
                case DROPPED -> (p.error() == null ? "dropped" : "dropped: " + p.error())
                        + (p.kind() == PendingTransaction.Kind.CANCEL ? "" : "; not sent again by itself: send it again (#" + p.id() + ")");
            };
            out.add(new Item(p.createdAt(), status, what, p.asset(), Direction.OUT, p.amount(), p.recipient(),
                    names.apply(p.recipient()), p.nonce(), p.hash(), status == Status.PENDING
                    || status == Status.DROPPED && p.kind() != PendingTransaction.Kind.CANCEL ? p.id() : null, detail));
        }
        out.sort(Comparator.comparing(Item::time).reversed());
        return out;
    }

    private static Status statusOf(PendingTransaction p, List<PendingTransaction> own) {
        return switch (p.status()) {
            case SIGNED, PENDING -> Status.PENDING;
            case CONFIRMED -> Status.CONFIRMED;
            case FAILED -> Status.FAILED;
            case NOT_SENT -> Status.NOT_SENT;
            case DROPPED -> Status.DROPPED;
            case REPLACED -> p.kind() != PendingTransaction.Kind.CANCEL
                    && replacedBy(p, own).filter(r -> r.kind() == PendingTransaction.Kind.CANCEL).isPresent()
                    ? Status.CANCELLED : Status.REPLACED;
        };
    }

    /** The transaction of the same sender and nonce that the chain took instead. */
    private static Optional<PendingTransaction> replacedBy(PendingTransaction p, List<PendingTransaction> own) {
        return own.stream().filter(o -> o.id() != p.id() && o.nonce() == p.nonce() && Addresses.same(o.from(), p.from())
                && (o.status() == PendingTransaction.Status.CONFIRMED || o.status() == PendingTransaction.Status.FAILED)).findFirst();
    }

    private static String label(HistoryKind k) {
        return switch (k) {
            case TRANSFER_IN -> "received";
            case TRANSFER_OUT -> "sent";
            case FEE -> "fee";
            case STAKE -> "stake";
            case UNSTAKE -> "unstake";
            case TASK_PAYMENT -> "task payment";
            case REWARD -> "reward";
            case REFUND -> "refund";
            case SLASH -> "slash";
        };
    }
}
