package org.poq.simulator;

import java.util.List;
import java.util.Optional;

/** The outcome of one configuration: per strategy results for miners and for validators. */
public record ConfigResult(SimConfig config, List<StrategyResult> miners, List<StrategyResult> validators,
                           int copiesRefused, double seconds) {

    /** Honest earns strictly the most reward of its role, and the most net of slashes too. */
    public boolean honestEarnsMost() {
        return honestLeads(miners) && honestLeads(validators);
    }

    /** The first strategy that earns at least as much as honest, if any: what the findings must explain. */
    public Optional<StrategyResult> rivalOfHonest() {
        for (List<StrategyResult> role : List.of(miners, validators)) {
            StrategyResult h = honest(role);
            for (StrategyResult r : role) {
                if (!r.honest() && (r.reward() >= h.reward() || r.net() >= h.net())) return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static boolean honestLeads(List<StrategyResult> role) {
        StrategyResult h = honest(role);
        return role.stream().filter(r -> !r.honest()).allMatch(r -> r.reward() < h.reward() && r.net() < h.net());
    }

    private static StrategyResult honest(List<StrategyResult> role) {
        return role.stream().filter(StrategyResult::honest).findFirst()
                .orElseThrow(() -> new IllegalStateException("every configuration has honest nodes"));
    }
}
