package org.poq.simulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poq.core.TokenAmount;
import org.poq.network.PoqSession;

/** Adds up what each strategy's nodes earned and lost over a configuration's rounds. */
final class Tally {
    private static final BigDecimal ONE_POQ = new BigDecimal(TokenAmount.ofTokens(1).wei());

    private final Deployment d;
    private final Map<String, BigInteger> rewards = new LinkedHashMap<>();
    private final Map<String, BigInteger> slashes = new LinkedHashMap<>();
    private final Map<String, Integer> slashedRounds = new LinkedHashMap<>();
    private int rounds;
    private int copiesRefused;

    Tally(Deployment d) {
        this.d = d;
    }

    void add(SimRound.Outcome o) {
        rounds++;
        copiesRefused += o.copiesRefused();
        for (PoqSession s : nodes()) {
            String a = s.address().toLowerCase();
            rewards.merge(a, o.rewardOf(a), BigInteger::add);
            BigInteger slash = o.slashOf(a);
            slashes.merge(a, slash, BigInteger::add);
            if (slash.signum() > 0) slashedRounds.merge(a, 1, Integer::sum);
        }
    }

    ConfigResult result(SimConfig config, double seconds) {
        List<StrategyResult> miners = new ArrayList<>();
        for (MinerStrategy s : MinerStrategy.values()) {
            List<PoqSession> of = new ArrayList<>();
            for (int i = 0; i < d.miners().size(); i++) if (d.minerStrategies().get(i) == s) of.add(d.miners().get(i));
            if (!of.isEmpty()) miners.add(summarize("miner", s.label(), s == MinerStrategy.HONEST, of));
        }
        List<StrategyResult> validators = new ArrayList<>();
        for (ValidatorStrategy s : ValidatorStrategy.values()) {
            List<PoqSession> of = new ArrayList<>();
            for (int i = 0; i < d.validators().size(); i++) if (d.validatorStrategies().get(i) == s) of.add(d.validators().get(i));
            if (!of.isEmpty()) validators.add(summarize("validator", s.label(), s == ValidatorStrategy.HONEST, of));
        }
        return new ConfigResult(config, miners, validators, copiesRefused, seconds);
    }

    private StrategyResult summarize(String role, String label, boolean honest, List<PoqSession> of) {
        BigInteger reward = BigInteger.ZERO;
        BigInteger slash = BigInteger.ZERO;
        int slashed = 0;
        double trust = 0;
        for (PoqSession s : of) {
            String a = s.address().toLowerCase();
            reward = reward.add(rewards.getOrDefault(a, BigInteger.ZERO));
            slash = slash.add(slashes.getOrDefault(a, BigInteger.ZERO));
            slashed += slashedRounds.getOrDefault(a, 0);
            trust += d.network().node(s.address()).trustAsDouble();
        }
        int nodeRounds = of.size() * rounds;
        return new StrategyResult(role, label, honest, of.size(), perNodeRound(reward, nodeRounds),
                perNodeRound(slash, nodeRounds), (double) slashed / nodeRounds, trust / of.size());
    }

    private static double perNodeRound(BigInteger wei, int nodeRounds) {
        return new BigDecimal(wei).divide(ONE_POQ, MathContext.DECIMAL64).doubleValue() / nodeRounds;
    }

    private List<PoqSession> nodes() {
        List<PoqSession> all = new ArrayList<>(d.miners());
        all.addAll(d.validators());
        return all;
    }
}
