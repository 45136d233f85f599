package org.poq.network.node;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.PoqNetwork;

/**
 * Which network a node's records belong to, checked while it runs (issue 28; decision 0036 checked it
 * only at start). A chain reset, or a redeploy to the same addresses, under a running node changes the
 * network's identity: the node then enters the new one (its records of the old one stay apart in the
 * journal) and every piece of work started before is dropped when it ends, never recorded under the new
 * network. A new identity must be read twice in a row: one read from a lagging RPC endpoint that does
 * not have the deploy block yet is not a reset.
 */
final class NetworkGuard {
    private final PoqNetwork network;
    private final ParticipationJournal journal;
    private final String me;
    private final String roleWord;
    /** Grows by one at each change of network: work started under another value is never recorded. */
    private final AtomicLong epoch = new AtomicLong();
    private volatile NetworkIdentity entered;
    private NetworkIdentity seenOnce;
    /** The chain has no deploy block: nothing of the network file is there to read (its registry included). */
    private volatile boolean missing;
    static final String TOPIC = "chain";
    /**
     * Where a chain with no deploy block (reset, not redeployed) is told: the operator's status line, once,
     * not only the error channel (issue 28); and once more when the contracts are back.
     */
    private final StandingLines lines;

    NetworkGuard(PoqNetwork network, ParticipationJournal journal, String me, String roleWord, StandingLines lines) {
        this.lines = lines;
        this.network = network;
        this.journal = journal;
        this.me = me;
        this.roleWord = roleWord;
    }

    /** Enters the network the node is connected to; the change in words when its records were made on another. */
    Optional<String> enter() {
        NetworkIdentity here = network.identity();
        entered = here;
        return journal.enter(me, here).map(before -> words(here, before));
    }

    /**
     * Reads the network's identity again (on the chain thread); when it changed (read twice), enters the
     * new one and returns what changed in words. Empty while it is the same network.
     */
    Optional<String> check() {
        NetworkIdentity here = network.identity();
        NetworkIdentity before = entered;
        missing = !here.anchored();
        if (here.equals(before)) {
            seenOnce = null;
            lines.over(TOPIC, roleWord + " " + me + ": the network file's contracts are on the chain again; serving");
            return Optional.empty();
        }
        if (!here.anchored()) {
            // reset and not redeployed (yet): nothing to enter; the node sends nothing until it is (stillOn)
            lines.problem(TOPIC, roleWord + " " + me + ": " + here.changeFrom(before).orElse("the chain changed")
                    + "; nothing is sent until the network file's contracts are on the chain again");
            return Optional.empty();
        }
        if (!here.equals(seenOnce)) {
            seenOnce = here;
            return Optional.empty();
        }
        seenOnce = null;
        epoch.incrementAndGet();
        entered = here;
        journal.enter(me, here);
        String change = words(here, before);
        lines.resolved(TOPIC, roleWord + " " + me + ": " + change); // the contracts are back, on a new chain
        return Optional.of(change);
    }

    /**
     * Whether the chain is still the network the node's records are for: read before each commit or
     * reveal, so a reset between two checks never lets a record of the old chain be sent to the new one.
     */
    boolean stillOn() {
        return network.identity().equals(entered);
    }

    /** Whether the last check found the chain without the network file's contracts (reset, not redeployed). */
    boolean contractsMissing() {
        return missing;
    }

    long epoch() {
        return epoch.get();
    }

    private String words(NetworkIdentity here, NetworkIdentity before) {
        return here.changeFrom(before).orElse("this is another network") + "; the " + roleWord + "'s "
                + journal.listOn(me, before).size() + " records from before are kept apart and not acted on";
    }
}
