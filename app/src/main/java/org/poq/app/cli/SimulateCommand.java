package org.poq.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.poq.simulator.Attack;
import org.poq.simulator.AttackReport;
import org.poq.simulator.QualityModel;
import org.poq.simulator.RewardChart;
import org.poq.simulator.SimConfig;
import org.poq.simulator.SimulationReport;
import org.poq.simulator.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `poq simulate`: the adversary simulator on a fresh local anvil node; writes results.md and chart.svg. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Play many task rounds on a fresh local chain with honest and malicious miners and validators, "
                + "and write the mean reward per strategy (results.md, chart.svg); then play the protocol v2 and v3 adversaries "
                + "under the current rules and without each one's defence (attacks.md). Exit code 3 when honest does not earn "
                + "the most somewhere under the current rules.")
public final class SimulateCommand extends CliCommand {
    static final int HONEST_LOSES = 3;
    static final int MAX_ROUNDS = 1_000;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: docs/simulation in the repository when run with ./poq, else ./poq-simulation).")
    Path out;

    @Option(names = "--rounds", defaultValue = "" + Simulator.DEFAULT_ROUNDS,
            description = "Rounds per configuration (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--m", split = ",", paramLabel = "M",
            description = "Validators per task, comma separated (default 3,5,9,15).")
    List<Integer> ms;

    @Option(names = "--shares", split = ",", paramLabel = "PERCENT",
            description = "Malicious validator shares in percent, comma separated (default 0,15,30,45).")
    List<Integer> shares;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attacks", split = ",", paramLabel = "NAME",
            description = "Adversaries to play, each under the current rules and without its defence: all (default), none, or "
                    + "any of self-dealing, dust, trust-farmer, whitewasher, deadline-blind, constant-validator, "
                    + "consensus-copier, comma separated.")
    List<String> attacks;

    @Option(names = "--attack-rounds", defaultValue = "4", paramLabel = "N",
            description = "Rounds per attack and rules, 1.." + Simulator.MAX_ATTACK_ROUNDS + " (default ${DEFAULT-VALUE}).")
    int attackRounds;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("--rounds must be in 1.." + MAX_ROUNDS + " (got " + rounds + ")");
        }
        if (attackRounds < 1 || attackRounds > Simulator.MAX_ATTACK_ROUNDS) {
            throw new IllegalArgumentException("--attack-rounds must be in 1.." + Simulator.MAX_ATTACK_ROUNDS + " (got " + attackRounds + ")");
        }
        if (shares != null) {
            for (int p : shares) {
                if (p < 0 || p > 99) throw new IllegalArgumentException("--shares must be percentages in 0..99 (got " + p + ")");
            }
        }
        List<Attack> played = Attack.parse(attacks);
        List<Double> fractions = shares == null ? Simulator.DEFAULT_SHARES
                : shares.stream().map(p -> p / 100.0).toList();
        List<SimConfig> configs = Simulator.grid(ms == null ? Simulator.DEFAULT_M : ms, fractions, rounds);
        PrintWriter err = err();
        err.printf("simulating %d configurations x %d rounds on a fresh anvil node...%n", configs.size(), rounds);
        err.flush();
        Simulator simulator = new Simulator(QualityModel.standard(), seed);
        SimulationReport report = simulator.run(configs, line -> {
            err.println("  " + line);
            err.flush();
        });
        AttackReport attackReport = null;
        if (!played.isEmpty()) {
            err.printf("playing %d attacks x %d rounds, under the current rules and without each defence...%n", played.size(), attackRounds);
            err.flush();
            attackReport = simulator.runAttacks(played, attackRounds, line -> {
                err.println("  " + line);
                err.flush();
            });
        }
        Path dir = out != null ? out : defaultFolder();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), report.toMarkdown());
        Files.writeString(dir.resolve("chart.svg"), RewardChart.svg(report));
        PrintWriter o = out();
        o.print(report.toMarkdown());
        if (attackReport != null) {
            Files.writeString(dir.resolve("attacks.md"), attackReport.toMarkdown());
            o.printf("%n%s", attackReport.toMarkdown());
        }
        o.printf("%nwrote %s, %s%s%n", dir.resolve("results.md"), dir.resolve("chart.svg"),
                attackReport == null ? "" : " and " + dir.resolve("attacks.md"));
        o.flush();
        boolean honestWins = report.honestEarnsMostEverywhere() && (attackReport == null || attackReport.honestEarnsMostUnderV2());
        return honestWins ? 0 : HONEST_LOSES;
    }

    private static Path defaultFolder() {
        String root = System.getProperty("poq.repo.root");
        return root != null ? Path.of(root, "docs", "simulation") : Path.of("poq-simulation");
    }
}
