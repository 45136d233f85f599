package org.poq.simulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.poq.network.ProtocolParams;

/**
 * The adversary simulator: plays every configuration's rounds on one fresh anvil node with the real
 * contracts, the nodes following their strategies, and reports what each strategy earned and lost.
 */
public final class Simulator {
    public static final List<Integer> DEFAULT_M = List.of(3, 5, 9, 15);
    public static final List<Double> DEFAULT_SHARES = List.of(0.0, 0.15, 0.30, 0.45);
    public static final int DEFAULT_ROUNDS = 10;
    public static final int MAX_ATTACK_ROUNDS = 100;

    private final QualityModel quality;
    private final long seed;
    private final ProtocolParams params;

    public Simulator(QualityModel quality, long seed) {
        this(quality, seed, ProtocolParams.defaults().withWindows(60, 60));
    }

    public Simulator(QualityModel quality, long seed, ProtocolParams params) {
        this.quality = quality;
        this.seed = seed;
        this.params = params;
    }

    /**
     * Every combination of m and share, each played for {@code rounds} rounds; a share that gives the same
     * number of malicious validators as a smaller one at that m (15% and 30% of 3 are both none) is the same
     * game and is played once.
     */
    public static List<SimConfig> grid(List<Integer> ms, List<Double> shares, int rounds) {
        List<SimConfig> out = new ArrayList<>();
        for (int m : ms) {
            Set<Integer> counts = new HashSet<>();
            for (double share : shares.stream().sorted().toList()) {
                SimConfig c = new SimConfig(m, share, rounds);
                if (counts.add(c.malicious())) out.add(c);
            }
        }
        return out;
    }

    /** Runs the configurations in order; progress gets one line per finished configuration. */
    public SimulationReport run(List<SimConfig> configs, Consumer<String> progress) {
        long start = System.nanoTime();
        List<ConfigResult> results = new ArrayList<>();
        try (SimChain chain = new SimChain(params)) {
            for (SimConfig c : configs) {
                long t0 = System.nanoTime();
                try (Deployment d = chain.deploy(SimConfig.MINERS, c.validators())) {
                    // one stream per configuration: adding a configuration does not change the others' draws
                    Random random = new Random(seed * 31 + c.m() * 1_000 + Math.round(c.maliciousShare() * 100));
                    Tally tally = new Tally(d);
                    for (int r = 0; r < c.rounds(); r++) {
                        tally.add(new SimRound(d, quality, random, r).play());
                    }
                    ConfigResult result = tally.result(c, (System.nanoTime() - t0) / 1e9);
                    results.add(result);
                    progress.accept(String.format(Locale.ROOT, "%s: %d rounds in %.1f s%s", c.label(),
                            c.rounds(), result.seconds(), result.honestEarnsMost() ? "" : "  (honest does NOT earn the most)"));
                }
            }
        }
        return new SimulationReport(quality, params, seed, results, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Plays each attack for {@code rounds} rounds under the current rules and again with its defence taken away
     * ({@link Rules#V1}), each on a fresh deployment; progress gets one line per attack and rules.
     */
    public AttackReport runAttacks(List<Attack> attacks, int rounds, Consumer<String> progress) {
        if (rounds < 1 || rounds > MAX_ATTACK_ROUNDS) {
            throw new IllegalArgumentException("attack rounds must be in 1.." + MAX_ATTACK_ROUNDS + " (got " + rounds + ")");
        }
        long start = System.nanoTime();
        List<AttackResult> results = new ArrayList<>();
        try (SimChain chain = new SimChain(params)) {
            for (Attack attack : attacks) {
                for (Rules rules : Rules.values()) {
                    long t0 = System.nanoTime();
                    AttackResult r = play(chain, attack, rules, rounds);
                    results.add(r);
                    progress.accept(String.format(Locale.ROOT, "%s, %s: honest %.3f, adversary %.3f in %.1f s",
                            attack.label(), attack.rulesLabel(rules), r.honest(), r.adversary(), (System.nanoTime() - t0) / 1e9));
                }
            }
        }
        return new AttackReport(results, rounds, (System.nanoTime() - start) / 1e9);
    }

    private AttackResult play(SimChain chain, Attack attack, Rules rules, int rounds) {
        return switch (attack) {
            case SELF_DEALING_REQUESTER -> SelfDealingRequester.play(chain, params, rules, rounds);
            case DUST_GRIEFER -> DustGriefer.play(chain, params, rules, rounds);
            case TRUST_FARMER -> TrustFarmer.play(chain, params, rules, rounds);
            case WHITEWASHER -> Whitewasher.play(chain, params, rules, rounds);
            case DEADLINE_BLIND_MINER -> DeadlineBlindMiner.play(chain, params, rules, rounds);
            case LAZY_CONSTANT, LAZY_COPIER -> LazyValidator.play(chain, params, quality, seed, attack, rules, rounds);
        };
    }
}
