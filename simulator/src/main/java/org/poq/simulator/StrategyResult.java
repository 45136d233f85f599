package org.poq.simulator;

/**
 * The mean per node per round of one strategy in one configuration, in POQ: reward earned, stake slashed,
 * and the net (reward minus slash). slashRate is the share of node-rounds that ended in a slash; trust is
 * the mean trust at the end of the configuration (1.0 at registration).
 */
public record StrategyResult(String role, String strategy, boolean honest, int nodes, double reward, double slash,
                             double slashRate, double trust) {
    public double net() {
        return reward - slash;
    }
}
