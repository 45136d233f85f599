package org.poq.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.poq.network.ProtocolParams;

/** The results of a simulation, rendered as the markdown tables of results.md. */
public record SimulationReport(QualityModel quality, ProtocolParams params, long seed, List<ConfigResult> configs,
                               double seconds) {

    public boolean honestEarnsMostEverywhere() {
        return configs.stream().allMatch(ConfigResult::honestEarnsMost);
    }

    public List<String> minerStrategies() {
        return strategies(ConfigResult::miners);
    }

    public List<String> validatorStrategies() {
        return strategies(ConfigResult::validators);
    }

    private List<String> strategies(Function<ConfigResult, List<StrategyResult>> role) {
        Set<String> out = new LinkedHashSet<>();
        configs.forEach(c -> role.apply(c).forEach(r -> out.add(r.strategy())));
        return new ArrayList<>(out);
    }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        int rounds = configs.stream().mapToInt(c -> c.config().rounds()).sum();
        b.append("# Adversary simulation results\n\n");
        b.append(String.format(Locale.ROOT, "%d configurations, %d rounds on a fresh anvil node with the real contracts, "
                + "seed %d, %.0f s. Fee %s POQ per task (%d%% to miners), stake %s POQ per node, k = %d miners per task.%n%n",
                configs.size(), rounds, seed, seconds, SimRound.FEE.format(0), params.minerShareBps() / 100,
                SimChain.STAKE.format(0), SimConfig.MINERS.size()));
        b.append("Quality model (what an honest evaluator says of each answer kind): ").append(quality.describe()).append(".\n\n");
        b.append("Each cell: mean **reward** per node per round in POQ; after the slash sign, the mean stake **slashed** per "
                + "node per round and the share of rounds that ended in a slash. `—`: no node of that kind in the configuration.\n\n");
        table(b, "Miners", ConfigResult::miners, minerStrategies());
        table(b, "Validators", ConfigResult::validators, validatorStrategies());
        b.append("## Verdict\n\n");
        for (ConfigResult c : configs) {
            b.append("- ").append(c.config().label()).append(": ");
            b.append(c.honestEarnsMost() ? "honest earns the most, as miner and as validator"
                    : "honest does NOT earn the most: " + c.rivalOfHonest().map(r -> r.role() + " " + r.strategy()).orElse("?"));
            b.append(String.format(Locale.ROOT, "; %d copy attempts refused by the contract.%n", c.copiesRefused()));
        }
        return b.toString();
    }

    private void table(StringBuilder b, String title, Function<ConfigResult, List<StrategyResult>> role, List<String> strategies) {
        b.append("## ").append(title).append("\n\n| configuration |");
        strategies.forEach(s -> b.append(' ').append(s).append(" |"));
        b.append("\n|---|");
        strategies.forEach(s -> b.append("---:|"));
        b.append('\n');
        for (ConfigResult c : configs) {
            b.append("| ").append(c.config().label()).append(" |");
            for (String s : strategies) {
                StrategyResult r = role.apply(c).stream().filter(x -> x.strategy().equals(s)).findFirst().orElse(null);
                b.append(' ').append(r == null ? "—" : cell(r)).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    private static String cell(StrategyResult r) {
        String reward = String.format(Locale.ROOT, r.honest() ? "**%.2f**" : "%.2f", r.reward());
        if (r.slash() == 0) return reward;
        return String.format(Locale.ROOT, "%s / −%.1f (%.0f%%)", reward, r.slash(), r.slashRate() * 100);
    }
}
