package org.poq.app.service;

import java.util.HashMap;
import java.util.Map;
import org.poq.wallet.transfer.BalanceService;
import org.poq.wallet.transfer.Balances;

/**
 * Balances for a view that refreshes (the Wallet screen), which never go backwards because of a
 * lagging node: behind a public RPC's load balancer one request can reach a node a few blocks behind
 * another, and a plain "latest" read then shows a payment that just arrived vanishing and coming back.
 *
 * <p>Each read asks the head twice (behind a balancer the two asks may reach two nodes; the newer
 * answer counts) and reads every balance pinned to one block: a node without that block refuses and
 * the read is tried again, so an answer never comes from an older block. The view keeps the highest
 * block it has read; a head older than that is a lagging node, and the read is made at the highest
 * block instead. A head more than {@link #MAX_LAG} blocks older is another chain (a devnet restarted,
 * a deep reorganisation) and is followed. When every try of a pinned read fails and the account was
 * read before, the last balances stay on screen, marked stale.
 */
public final class NewestBalances {
    /** Public load balancers lag by a few blocks; a head further back than this is another chain. */
    public static final long MAX_LAG = 64;

    private final BalanceService balances;
    private final Map<String, Reading> shown = new HashMap<>();
    private long newestBlock = -1;

    public NewestBalances(BalanceService balances) {
        this.balances = balances;
    }

    /** What a read gave: the balances to show and the block they are from; {@code stale} when they could not be read again. */
    public record Reading(Balances balances, long block, boolean stale) {
    }

    /** Blocking (RPC): from a background thread. */
    public synchronized Reading read(String address) {
        long head = Math.max(balances.head(), balances.head());
        if (head < newestBlock && newestBlock - head > MAX_LAG) {
            shown.clear(); // another chain: what was read on the old one means nothing now
            newestBlock = head;
        }
        long at = Math.max(head, newestBlock);
        Reading now;
        try {
            now = new Reading(balances.balancesAt(address, at), at, false);
        } catch (RuntimeException e) {
            Reading last = shown.get(address);
            if (last == null) {
                throw e;
            }
            return new Reading(last.balances(), last.block(), true);
        }
        newestBlock = at;
        shown.put(address, now);
        return now;
    }

    /** The highest block read so far (-1 before the first read). */
    public synchronized long newestBlock() {
        return newestBlock;
    }
}
