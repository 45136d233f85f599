package org.poq.simulator;

/**
 * One attack under one set of rules: the net POQ (rewards minus slashes, minus fees paid plus refunds for a
 * requester) per 1,000 POQ of stake per round, for the adversary and for an honest node of the same stake.
 * The note says how the figures were made (what the adversary spent, what it got, what the chain refused).
 */
public record AttackResult(Attack attack, Rules rules, int rounds, double honest, double adversary, String note) {
    public boolean adversaryEarnsLess() {
        return adversary < honest;
    }
}
